// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type { Long } from '@grpc/proto-loader';

export interface RegisterWorkerResponse {
  status?: _tensorcast_global_store_v1_Status;
  worker_id?: string;
  heartbeat_interval_ms?: number;
  state_sync_required?: boolean;
  expected_state_version?: number | string | Long;
  /**
   * Use as ReconcileWorkerStateRequest.generation from now on; request_seq restarts at 1.
   */
  reconcile_generation?: number | string | Long;
}

export interface RegisterWorkerResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  worker_id: string;
  heartbeat_interval_ms: number;
  state_sync_required: boolean;
  expected_state_version: string;
  /**
   * Use as ReconcileWorkerStateRequest.generation from now on; request_seq restarts at 1.
   */
  reconcile_generation: string;
}
