// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from '../../../tensorcast/common/v1/MemoryInfo';
import type {
  ArtifactDescriptor as _tensorcast_common_v1_ArtifactDescriptor,
  ArtifactDescriptor__Output as _tensorcast_common_v1_ArtifactDescriptor__Output,
} from '../../../tensorcast/common/v1/ArtifactDescriptor';

export interface GetArtifactInfoByIdResponse {
  /**
   * 3-5 (leaves, view_meta, partial_coverage) belong to the upstream schema but are not
   * served here; left unreserved so they can be added with their upstream types.
   */
  status?: _tensorcast_global_store_v1_Status;
  /**
   * Available replicas only, best first: GPU > RAM > DISK, then least loaded.
   */
  replicas?: _tensorcast_common_v1_MemoryInfo[];
  descriptor?: _tensorcast_common_v1_ArtifactDescriptor | null;
}

export interface GetArtifactInfoByIdResponse__Output {
  /**
   * 3-5 (leaves, view_meta, partial_coverage) belong to the upstream schema but are not
   * served here; left unreserved so they can be added with their upstream types.
   */
  status: _tensorcast_global_store_v1_Status__Output;
  /**
   * Available replicas only, best first: GPU > RAM > DISK, then least loaded.
   */
  replicas: _tensorcast_common_v1_MemoryInfo__Output[];
  descriptor: _tensorcast_common_v1_ArtifactDescriptor__Output | null;
}
