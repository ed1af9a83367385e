/**
 * The worker state checksum that TensorCast daemons compute over their own inventory and
 * compare with ours in every heartbeat (compat: byte-for-byte the same record format,
 * order and hash).
 */
export type ChecksumMemoryType = 'GPU' | 'RAM' | 'DISK';

export interface ChecksumReplica {
  artifactId: string;
  /** The VIEW byte-space id, else empty. */
  viewId: string;
  nodeId: string;
  nodeAddress: string;
  nodePort: number;
  deviceId: number;
  memoryType: ChecksumMemoryType;
  available: boolean;
}

export const EMPTY_STATE_CHECKSUM = 'cbf29ce484222325';

export function stateChecksum(replicas: readonly ChecksumReplica[]): string {
  const sorted = [...replicas].sort(compareForChecksum);
  const hash = new Fnv1a64();
  for (const r of sorted) {
    const deviceId = r.memoryType === 'GPU' ? r.deviceId : 0;
    hash.update(
      `${r.artifactId}:${r.viewId}:${r.nodeId}:${r.nodeAddress}:${r.nodePort}:${deviceId}:${r.memoryType}:${r.available ? 1 : 0};`,
    );
  }
  return hash.hex();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareForChecksum(a: ChecksumReplica, b: ChecksumReplica): number {
  return (
    compareStrings(a.artifactId, b.artifactId) ||
    compareStrings(a.viewId, b.viewId) ||
    compareStrings(a.memoryType, b.memoryType) ||
    (a.memoryType === 'GPU' ? a.deviceId : 0) - (b.memoryType === 'GPU' ? b.deviceId : 0)
  );
}

/**
 * FNV-1a 64 over UTF-8 bytes, in four 16-bit limbs: BigInt per byte is ~20x slower and this
 * runs over every replica of a worker. Prime 0x100000001b3 = 2^40 + 0x1b3.
 */
export class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(text: string): this {
    const bytes = Buffer.from(text, 'utf8');
    let { h0, h1, h2, h3 } = this;
    for (let i = 0; i < bytes.length; i++) {
      h0 ^= bytes[i];
      const r0 = h0 * 0x1b3;
      const r1 = h1 * 0x1b3 + (r0 >>> 16);
      const r2 = h2 * 0x1b3 + h0 * 0x100 + (r1 >>> 16);
      const r3 = h3 * 0x1b3 + h1 * 0x100 + (r2 >>> 16);
      h0 = r0 & 0xffff;
      h1 = r1 & 0xffff;
      h2 = r2 & 0xffff;
      h3 = r3 & 0xffff;
    }
    Object.assign(this, { h0, h1, h2, h3 });
    return this;
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0]
      .map((l) => l.toString(16).padStart(4, '0'))
      .join('');
  }
}
