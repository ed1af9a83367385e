// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type {
  ArtifactReplicaCountRecord as _tensorcast_global_store_v1_ArtifactReplicaCountRecord,
  ArtifactReplicaCountRecord__Output as _tensorcast_global_store_v1_ArtifactReplicaCountRecord__Output,
} from '../../../tensorcast/global_store/v1/ArtifactReplicaCountRecord';

export interface BatchGetReplicaCountsResponse {
  status?: _tensorcast_global_store_v1_Status;
  /**
   * One record per distinct requested id; unknown ids get zeros.
   */
  counts?: _tensorcast_global_store_v1_ArtifactReplicaCountRecord[];
}

export interface BatchGetReplicaCountsResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  /**
   * One record per distinct requested id; unknown ids get zeros.
   */
  counts: _tensorcast_global_store_v1_ArtifactReplicaCountRecord__Output[];
}
