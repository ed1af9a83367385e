// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ArtifactReplicaRecord as _tensorcast_global_store_v1_ArtifactReplicaRecord,
  ArtifactReplicaRecord__Output as _tensorcast_global_store_v1_ArtifactReplicaRecord__Output,
} from '../../../tensorcast/global_store/v1/ArtifactReplicaRecord';
import type {
  PageInfo as _tensorcast_common_v1_PageInfo,
  PageInfo__Output as _tensorcast_common_v1_PageInfo__Output,
} from '../../../tensorcast/common/v1/PageInfo';

export interface ListReplicasV2Response {
  replicas?: _tensorcast_global_store_v1_ArtifactReplicaRecord[];
  page_info?: _tensorcast_common_v1_PageInfo | null;
}

export interface ListReplicasV2Response__Output {
  replicas: _tensorcast_global_store_v1_ArtifactReplicaRecord__Output[];
  page_info: _tensorcast_common_v1_PageInfo__Output | null;
}
