// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  ReplicaTier as _tcgs_admin_v1_ReplicaTier,
  ReplicaTier__Output as _tcgs_admin_v1_ReplicaTier__Output,
} from '../../../tcgs/admin/v1/ReplicaTier';
import type { Long } from '@grpc/proto-loader';

export interface ReplicaTierCount {
  tier?: _tcgs_admin_v1_ReplicaTier;
  available?: number | string | Long;
  unavailable?: number | string | Long;
}

export interface ReplicaTierCount__Output {
  tier: _tcgs_admin_v1_ReplicaTier__Output;
  available: string;
  unavailable: string;
}
