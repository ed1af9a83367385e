// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  WorkerState as _tcgs_admin_v1_WorkerState,
  WorkerState__Output as _tcgs_admin_v1_WorkerState__Output,
} from '../../../tcgs/admin/v1/WorkerState';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Worker {
  worker_id?: string;
  daemon_id?: string;
  node_id?: string;
  node_address?: string;
  grpc_port?: number;
  p2p_port?: number;
  state?: _tcgs_admin_v1_WorkerState;
  accepting_new_requests?: boolean;
  registered_at?: _google_protobuf_Timestamp | null;
  last_heartbeat_at?: _google_protobuf_Timestamp | null;
  mem_pool_total_size?: number | string | Long;
  mem_pool_available_size?: number | string | Long;
  capability_flags?: number | string | Long;
  state_version?: number | string | Long;
  state_checksum?: string;
  reconcile_generation?: number | string | Long;
  replica_count?: number | string | Long;
  available_replica_count?: number | string | Long;
}

export interface Worker__Output {
  worker_id: string;
  daemon_id: string;
  node_id: string;
  node_address: string;
  grpc_port: number;
  p2p_port: number;
  state: _tcgs_admin_v1_WorkerState__Output;
  accepting_new_requests: boolean;
  registered_at: _google_protobuf_Timestamp__Output | null;
  last_heartbeat_at: _google_protobuf_Timestamp__Output | null;
  mem_pool_total_size: string;
  mem_pool_available_size: string;
  capability_flags: string;
  state_version: string;
  state_checksum: string;
  reconcile_generation: string;
  replica_count: string;
  available_replica_count: string;
}
