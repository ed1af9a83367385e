// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  WorkerState as _tcgs_admin_v1_WorkerState,
  WorkerState__Output as _tcgs_admin_v1_WorkerState__Output,
} from '../../../tcgs/admin/v1/WorkerState';
import type { Long } from '@grpc/proto-loader';

export interface WorkerStateCount {
  state?: _tcgs_admin_v1_WorkerState;
  count?: number | string | Long;
}

export interface WorkerStateCount__Output {
  state: _tcgs_admin_v1_WorkerState__Output;
  count: string;
}
