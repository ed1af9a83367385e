// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  WorkerState as _tcgs_admin_v1_WorkerState,
  WorkerState__Output as _tcgs_admin_v1_WorkerState__Output,
} from '../../../tcgs/admin/v1/WorkerState';

export interface ListWorkersRequest {
  /**
   * UNSPECIFIED = every state.
   */
  state?: _tcgs_admin_v1_WorkerState;
  node_id?: string;
  /**
   * Default 100, at most 1000.
   */
  page_size?: number;
  /**
   * From the previous answer's next_page_token; only valid with the same filters.
   */
  page_token?: string;
}

export interface ListWorkersRequest__Output {
  /**
   * UNSPECIFIED = every state.
   */
  state: _tcgs_admin_v1_WorkerState__Output;
  node_id: string;
  /**
   * Default 100, at most 1000.
   */
  page_size: number;
  /**
   * From the previous answer's next_page_token; only valid with the same filters.
   */
  page_token: string;
}
