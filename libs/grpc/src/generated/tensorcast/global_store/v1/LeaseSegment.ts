// Original file: proto/tensorcast/global_store/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Bytes [artifact_offset, artifact_offset + length) are held in existing storage storage_id
 * starting at storage_offset.
 */
export interface LeaseSegment {
  storage_id?: string;
  storage_offset?: number | string | Long;
  artifact_offset?: number | string | Long;
  length?: number | string | Long;
  /**
   * sha256 (32 bytes) of the segment's bytes.
   */
  digest?: Buffer | Uint8Array | string;
}

/**
 * Bytes [artifact_offset, artifact_offset + length) are held in existing storage storage_id
 * starting at storage_offset.
 */
export interface LeaseSegment__Output {
  storage_id: string;
  storage_offset: string;
  artifact_offset: string;
  length: string;
  /**
   * sha256 (32 bytes) of the segment's bytes.
   */
  digest: Buffer;
}
