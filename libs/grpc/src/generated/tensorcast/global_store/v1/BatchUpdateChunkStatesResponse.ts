// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface BatchUpdateChunkStatesResponse {
  status?: _tensorcast_global_store_v1_Status;
  updates_applied?: number;
}

export interface BatchUpdateChunkStatesResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  updates_applied: number;
}
