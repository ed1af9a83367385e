// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  ReplicaTier as _tcgs_admin_v1_ReplicaTier,
  ReplicaTier__Output as _tcgs_admin_v1_ReplicaTier__Output,
} from '../../../tcgs/admin/v1/ReplicaTier';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Replica {
  replica_id?: string;
  artifact_id?: string;
  worker_id?: string;
  /**
   * Empty for a canonical replica.
   */
  view_id?: string;
  node_id?: string;
  node_address?: string;
  node_port?: number;
  tier?: _tcgs_admin_v1_ReplicaTier;
  device_id?: number;
  memory_size?: number | string | Long;
  max_concurrency?: number;
  current_requests?: number;
  available?: boolean;
  registered_at?: _google_protobuf_Timestamp | null;
  updated_at?: _google_protobuf_Timestamp | null;
}

export interface Replica__Output {
  replica_id: string;
  artifact_id: string;
  worker_id: string;
  /**
   * Empty for a canonical replica.
   */
  view_id: string;
  node_id: string;
  node_address: string;
  node_port: number;
  tier: _tcgs_admin_v1_ReplicaTier__Output;
  device_id: number;
  memory_size: string;
  max_concurrency: number;
  current_requests: number;
  available: boolean;
  registered_at: _google_protobuf_Timestamp__Output | null;
  updated_at: _google_protobuf_Timestamp__Output | null;
}
