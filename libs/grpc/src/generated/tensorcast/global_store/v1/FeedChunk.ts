// Original file: proto/tensorcast/global_store/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Bytes [offset, offset + length) of the artifact have landed in the plan's buffer.
 */
export interface FeedChunk {
  offset?: number | string | Long;
  length?: number | string | Long;
  /**
   * sha256 (32 bytes) of exactly those bytes; a leaf of the data Merkle tree.
   */
  digest?: Buffer | Uint8Array | string;
}

/**
 * Bytes [offset, offset + length) of the artifact have landed in the plan's buffer.
 */
export interface FeedChunk__Output {
  offset: string;
  length: string;
  /**
   * sha256 (32 bytes) of exactly those bytes; a leaf of the data Merkle tree.
   */
  digest: Buffer;
}
