// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  LeadershipRole as _tcgs_admin_v1_LeadershipRole,
  LeadershipRole__Output as _tcgs_admin_v1_LeadershipRole__Output,
} from '../../../tcgs/admin/v1/LeadershipRole';
import type { Long } from '@grpc/proto-loader';

export interface Leadership {
  role?: _tcgs_admin_v1_LeadershipRole;
  leader_id?: string;
  epoch?: number | string | Long;
}

export interface Leadership__Output {
  role: _tcgs_admin_v1_LeadershipRole__Output;
  leader_id: string;
  epoch: string;
}
