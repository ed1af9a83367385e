// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type {
  ConnectionStatus as _tensorcast_global_store_v1_ConnectionStatus,
  ConnectionStatus__Output as _tensorcast_global_store_v1_ConnectionStatus__Output,
} from '../../../tensorcast/global_store/v1/ConnectionStatus';
import type { Long } from '@grpc/proto-loader';

export interface _tensorcast_global_store_v1_ListActiveWorkersResponse_WorkerInfo {
  worker_id?: string;
  node_id?: string;
  node_address?: string;
  grpc_port?: number;
  p2p_port?: number;
  mem_pool_total_size?: number | string | Long;
  mem_pool_available_size?: number | string | Long;
  accepting_new_requests?: boolean;
  last_heartbeat_ts?: _google_protobuf_Timestamp | null;
  state_version?: number | string | Long;
  status?: _tensorcast_global_store_v1_ConnectionStatus;
  daemon_id?: string;
  capability_flags?: number | string | Long;
}

export interface _tensorcast_global_store_v1_ListActiveWorkersResponse_WorkerInfo__Output {
  worker_id: string;
  node_id: string;
  node_address: string;
  grpc_port: number;
  p2p_port: number;
  mem_pool_total_size: string;
  mem_pool_available_size: string;
  accepting_new_requests: boolean;
  last_heartbeat_ts: _google_protobuf_Timestamp__Output | null;
  state_version: string;
  status: _tensorcast_global_store_v1_ConnectionStatus__Output;
  daemon_id: string;
  capability_flags: string;
}

export interface ListActiveWorkersResponse {
  /**
   * Newest heartbeat first.
   */
  workers?: _tensorcast_global_store_v1_ListActiveWorkersResponse_WorkerInfo[];
}

export interface ListActiveWorkersResponse__Output {
  /**
   * Newest heartbeat first.
   */
  workers: _tensorcast_global_store_v1_ListActiveWorkersResponse_WorkerInfo__Output[];
}
