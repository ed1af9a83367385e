// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface RegisterReplicaResponse {
  status?: _tensorcast_global_store_v1_Status;
  artifact_id?: string;
  /**
   * UUID v4, stable across re-registrations of the same placement.
   */
  replica_id?: string;
}

export interface RegisterReplicaResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  artifact_id: string;
  /**
   * UUID v4, stable across re-registrations of the same placement.
   */
  replica_id: string;
}
