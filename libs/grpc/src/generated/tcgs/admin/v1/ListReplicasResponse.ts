// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Replica as _tcgs_admin_v1_Replica,
  Replica__Output as _tcgs_admin_v1_Replica__Output,
} from '../../../tcgs/admin/v1/Replica';
import type { Long } from '@grpc/proto-loader';

export interface ListReplicasResponse {
  replicas?: _tcgs_admin_v1_Replica[];
  next_page_token?: string;
  total_size?: number | string | Long;
}

export interface ListReplicasResponse__Output {
  replicas: _tcgs_admin_v1_Replica__Output[];
  next_page_token: string;
  total_size: string;
}
