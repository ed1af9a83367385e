// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  ClusterStatus as _tcgs_admin_v1_ClusterStatus,
  ClusterStatus__Output as _tcgs_admin_v1_ClusterStatus__Output,
} from '../../../tcgs/admin/v1/ClusterStatus';

export interface GetClusterStatusResponse {
  status?: _tcgs_admin_v1_ClusterStatus | null;
}

export interface GetClusterStatusResponse__Output {
  status: _tcgs_admin_v1_ClusterStatus__Output | null;
}
