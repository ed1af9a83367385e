// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface UpdateReplicaResponse {
  status?: _tensorcast_global_store_v1_Status;
  artifact_id?: string;
  replica_id?: string;
}

export interface UpdateReplicaResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  artifact_id: string;
  replica_id: string;
}
