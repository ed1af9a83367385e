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
 * FNV-1a 64 over UTF-8 bytes, as two 32-bit halves: BigInt per byte is ~20x slower and this
 * runs over every replica of a worker. Prime 0x100000001b3 = 2^40 + 0x1b3, so a step is
 * lo' = lo * 0x1b3 and hi' = hi * 0x1b3 + lo << 8 + the carry of lo * 0x1b3, modulo 2^32;
 * lo * 0x1b3 is taken in two 16-bit halves so every intermediate stays a small integer (no
 * double arithmetic in the loop; a double product measured slower than the 16-bit limbs). ASCII
 * text (ids, addresses: nearly always) is hashed from its char codes, which are its UTF-8
 * bytes; only from the first other character on is the rest encoded with Buffer.from, so the
 * bytes are exactly what Buffer.from(text, 'utf8') gives (lone surrogates included).
 */
export class Fnv1a64 {
  private lo = 0x84222325 | 0;
  private hi = 0xcbf29ce4 | 0;

  update(text: string): this {
    let lo = this.lo;
    let hi = this.hi;
    const length = text.length;
    let i = 0;
    for (; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) break;
      lo ^= code;
      const p0 = (lo & 0xffff) * 0x1b3;
      const p1 = (lo >>> 16) * 0x1b3 + (p0 >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (p1 >>> 16) + (lo << 8)) | 0;
      lo = (p1 << 16) | (p0 & 0xffff);
    }
    this.lo = lo;
    this.hi = hi;
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
    const lo = this.lo ^ value;
    const p0 = (lo & 0xffff) * 0x1b3;
    const p1 = (lo >>> 16) * 0x1b3 + (p0 >>> 16);
    this.hi = (Math.imul(this.hi, 0x1b3) + (p1 >>> 16) + (lo << 8)) | 0;
    this.lo = (p1 << 16) | (p0 & 0xffff);
    return this;
  }

  /** Writes the state (two words) at `at`: a checkpoint to resume hashing from. */
  saveState(into: Int32Array, at: number): void {
    into[at] = this.lo;
    into[at + 1] = this.hi;
  }

  /** Resumes from a state saveState wrote. */
  restoreState(from: Int32Array, at: number): this {
    this.lo = from[at];
    this.hi = from[at + 1];
    return this;
  }

  hex(): string {
    return hex8(this.hi) + hex8(this.lo);
  }
}

function hex8(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}
