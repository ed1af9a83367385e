// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Worker as _tcgs_admin_v1_Worker,
  Worker__Output as _tcgs_admin_v1_Worker__Output,
} from '../../../tcgs/admin/v1/Worker';
import type { Long } from '@grpc/proto-loader';

export interface ListWorkersResponse {
  workers?: _tcgs_admin_v1_Worker[];
  /**
   * Empty on the last page.
   */
  next_page_token?: string;
  total_size?: number | string | Long;
}

export interface ListWorkersResponse__Output {
  workers: _tcgs_admin_v1_Worker__Output[];
  /**
   * Empty on the last page.
   */
  next_page_token: string;
  total_size: string;
}
