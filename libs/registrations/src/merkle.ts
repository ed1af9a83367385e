import { createHash } from 'node:crypto';

/** A sha2-256 digest is 32 bytes; leaves and the root are always this long. */
export const DIGEST_BYTES = 32;

/**
 * The data Merkle root of a registration: the content half of its `mi2:` artifact id.
 *
 * Leaves are the sha256 digests the daemon fed, in artifact-offset order (the tree never
 * sees the bytes themselves). Levels are built pairwise from the left: a parent is
 * sha256(left || right) over the two 32-byte children; a level with an odd count promotes
 * its last node unchanged to the next level. The root of one leaf is that leaf.
 *
 * The leaves are digests of chunks, so the root depends on how the bytes were cut: two
 * daemons get the same artifact id for the same content only when they feed the same chunk
 * boundaries. That is deliberate (no byte ever reaches the server to re-chunk) and is why
 * daemons must use a fixed chunking rule.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) throw new RangeError('a Merkle root needs at least one leaf');
  let level: Buffer[] = leaves.map((leaf, i) => {
    if (leaf.length !== DIGEST_BYTES) {
      throw new RangeError(`leaf ${i} is ${leaf.length} bytes, not a ${DIGEST_BYTES}-byte digest`);
    }
    return Buffer.from(leaf);
  });
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(
        createHash('sha256')
          .update(level[i])
          .update(level[i + 1])
          .digest(),
      );
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}
