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
  // The record `artifact:view:node:address:port:device:TYPE:A;` is hashed field by field:
  // the same bytes as the concatenated text, without building it.
  for (const r of sorted) {
    const deviceId = r.memoryType === 'GPU' ? r.deviceId : 0;
    hash
      .field(r.artifactId, COLON)
      .field(r.viewId, COLON)
      .field(r.nodeId, COLON)
      .field(r.nodeAddress, COLON)
      .field(String(r.nodePort), COLON)
      .field(String(deviceId), COLON)
      .field(r.memoryType, COLON)
      .byte(r.available ? DIGIT_ONE : DIGIT_ZERO)
      .byte(SEMICOLON);
  }
  return hash.hex();
}

const COLON = 0x3a;
const SEMICOLON = 0x3b;
const DIGIT_ZERO = 0x30;
const DIGIT_ONE = 0x31;

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
 * runs over every replica of a worker. Prime 0x100000001b3 = 2^40 + 0x1b3. ASCII text (ids,
 * addresses: nearly always) is hashed from its char codes, which are its UTF-8 bytes; only
 * from the first other character on is the rest encoded with Buffer.from, so the bytes are
 * exactly what Buffer.from(text, 'utf8') gives (lone surrogates included).
 */
export class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(text: string): this {
    let { h0, h1, h2, h3 } = this;
    const length = text.length;
    let i = 0;
    for (; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) break;
      h0 ^= code;
      const r0 = h0 * 0x1b3;
      const r1 = h1 * 0x1b3 + (r0 >>> 16);
      const r2 = h2 * 0x1b3 + h0 * 0x100 + (r1 >>> 16);
      const r3 = h3 * 0x1b3 + h1 * 0x100 + (r2 >>> 16);
      h0 = r0 & 0xffff;
      h1 = r1 & 0xffff;
      h2 = r2 & 0xffff;
      h3 = r3 & 0xffff;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    if (i < length) {
      const rest = Buffer.from(text.slice(i), 'utf8');
      for (let j = 0; j < rest.length; j++) this.byte(rest[j]);
    }
    return this;
  }

  /** The text, then one separator byte: one call per record field. */
  field(text: string, separator: number): this {
    return this.update(text).byte(separator);
  }

  /** One byte (0..255). */
  byte(value: number): this {
    const h0 = this.h0 ^ value;
    const r0 = h0 * 0x1b3;
    const r1 = this.h1 * 0x1b3 + (r0 >>> 16);
    const r2 = this.h2 * 0x1b3 + h0 * 0x100 + (r1 >>> 16);
    const r3 = this.h3 * 0x1b3 + this.h1 * 0x100 + (r2 >>> 16);
    this.h0 = r0 & 0xffff;
    this.h1 = r1 & 0xffff;
    this.h2 = r2 & 0xffff;
    this.h3 = r3 & 0xffff;
    return this;
  }

  hex(): string {
    return hex4(this.h3) + hex4(this.h2) + hex4(this.h1) + hex4(this.h0);
  }
}

function hex4(limb: number): string {
  return limb.toString(16).padStart(4, '0');
}
