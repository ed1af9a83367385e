// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface UpsertKeyMappingResponse {
  /**
   * STATUS_ERROR with conflict_reason when the key already maps to another artifact.
   */
  status?: _tensorcast_global_store_v1_Status;
  conflict_reason?: string;
}

export interface UpsertKeyMappingResponse__Output {
  /**
   * STATUS_ERROR with conflict_reason when the key already maps to another artifact.
   */
  status: _tensorcast_global_store_v1_Status__Output;
  conflict_reason: string;
}
