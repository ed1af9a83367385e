// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  WorkerState as _tcgs_admin_v1_WorkerState,
  WorkerState__Output as _tcgs_admin_v1_WorkerState__Output,
} from '../../../tcgs/admin/v1/WorkerState';
import type { Long } from '@grpc/proto-loader';

export interface RemoveWorkerResponse {
  worker_id?: string;
  previous_state?: _tcgs_admin_v1_WorkerState;
  removed_replicas?: number | string | Long;
  revoked_registrations?: number | string | Long;
  reason?: string;
}

export interface RemoveWorkerResponse__Output {
  worker_id: string;
  previous_state: _tcgs_admin_v1_WorkerState__Output;
  removed_replicas: string;
  revoked_registrations: string;
  reason: string;
}
