import { createHash } from 'node:crypto';

/**
 * Content ids as TensorCast writes them: a sha2-256 multihash (0x12, 0x20, 32-byte digest)
 * in multibase base32 (prefix 'b', RFC 4648 lower-case alphabet, no padding).
 */
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const SHA2_256_CODE = 0x12;
const SHA2_256_LENGTH = 0x20;

export function base32Lower(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function decodeBase32Lower(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const value = BASE32_ALPHABET.indexOf(ch);
    if (value < 0) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

/** The multibase multihash of a sha256 digest. */
export function multihashFromDigest(digest: Uint8Array): string {
  if (digest.length !== SHA2_256_LENGTH) throw new RangeError('a sha2-256 digest is 32 bytes');
  return `b${base32Lower(Buffer.concat([Buffer.from([SHA2_256_CODE, SHA2_256_LENGTH]), digest]))}`;
}

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

export function sha256Multihash(bytes: Uint8Array): string {
  return multihashFromDigest(sha256(bytes));
}

/** The 32-byte digest inside a well-formed multibase sha2-256 multihash, else undefined. */
export function digestOfMultihash(multihash: string): Buffer | undefined {
  if (!multihash.startsWith('b')) return undefined;
  const raw = decodeBase32Lower(multihash.slice(1));
  if (!raw || raw.length !== 34 || raw[0] !== SHA2_256_CODE || raw[1] !== SHA2_256_LENGTH) {
    return undefined;
  }
  const digest = raw.subarray(2);
  // Reject non-canonical spellings (trailing bits) so one digest has exactly one id.
  return multihashFromDigest(digest) === multihash ? digest : undefined;
}

export function isSha256Multihash(text: string): boolean {
  return digestOfMultihash(text) !== undefined;
}

/** `mi2:<index_mh>:<data_mh>`: the content id of an artifact. */
export function mi2ArtifactId(indexMultihash: string, dataMultihash: string): string {
  return `mi2:${indexMultihash}:${dataMultihash}`;
}

export function parseMi2ArtifactId(
  artifactId: string,
): { indexMultihash: string; dataMultihash: string } | undefined {
  const parts = artifactId.split(':');
  if (parts.length !== 3 || parts[0] !== 'mi2') return undefined;
  return { indexMultihash: parts[1], dataMultihash: parts[2] };
}
