// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  ReplicaTier as _tcgs_admin_v1_ReplicaTier,
  ReplicaTier__Output as _tcgs_admin_v1_ReplicaTier__Output,
} from '../../../tcgs/admin/v1/ReplicaTier';

export interface ListReplicasRequest {
  artifact_id?: string;
  worker_id?: string;
  node_id?: string;
  /**
   * UNSPECIFIED = every tier.
   */
  tier?: _tcgs_admin_v1_ReplicaTier;
  /**
   * Absent = both.
   */
  available?: boolean;
  page_size?: number;
  page_token?: string;
  _available?: 'available';
}

export interface ListReplicasRequest__Output {
  artifact_id: string;
  worker_id: string;
  node_id: string;
  /**
   * UNSPECIFIED = every tier.
   */
  tier: _tcgs_admin_v1_ReplicaTier__Output;
  /**
   * Absent = both.
   */
  available?: boolean;
  page_size: number;
  page_token: string;
  _available?: 'available';
}
