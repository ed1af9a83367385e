// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ArtifactDescriptor as _tensorcast_common_v1_ArtifactDescriptor,
  ArtifactDescriptor__Output as _tensorcast_common_v1_ArtifactDescriptor__Output,
} from '../../../tensorcast/common/v1/ArtifactDescriptor';

export interface UpsertArtifactMetadataRequest {
  descriptor?: _tensorcast_common_v1_ArtifactDescriptor | null;
  /**
   * descriptor.index_multihash must be the sha2-256 multihash of exactly these bytes.
   */
  canonical_index_data?: Buffer | Uint8Array | string;
}

export interface UpsertArtifactMetadataRequest__Output {
  descriptor: _tensorcast_common_v1_ArtifactDescriptor__Output | null;
  /**
   * descriptor.index_multihash must be the sha2-256 multihash of exactly these bytes.
   */
  canonical_index_data: Buffer;
}
