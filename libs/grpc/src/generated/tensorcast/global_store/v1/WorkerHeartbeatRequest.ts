// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ConnectionStatus as _tensorcast_global_store_v1_ConnectionStatus,
  ConnectionStatus__Output as _tensorcast_global_store_v1_ConnectionStatus__Output,
} from '../../../tensorcast/global_store/v1/ConnectionStatus';
import type { Long } from '@grpc/proto-loader';

export interface WorkerHeartbeatRequest {
  worker_id?: string;
  mem_pool_available_size?: number | string | Long;
  accepting_new_requests?: boolean;
  /**
   * Must be >= 1.
   */
  state_version?: number | string | Long;
  /**
   * 16 hex digits of FNV-1a 64 over the daemon's replica records; empty = not computed.
   */
  state_checksum?: string;
  registered_artifact_ids?: string[];
  last_successful_sync?: number | string | Long;
  global_store_status?: _tensorcast_global_store_v1_ConnectionStatus;
  daemon_id?: string;
  /**
   * Absent leaves the stored flags alone; present 0 clears them.
   */
  capability_flags?: number | string | Long;
  _daemon_id?: 'daemon_id';
  _capability_flags?: 'capability_flags';
}

export interface WorkerHeartbeatRequest__Output {
  worker_id: string;
  mem_pool_available_size: string;
  accepting_new_requests: boolean;
  /**
   * Must be >= 1.
   */
  state_version: string;
  /**
   * 16 hex digits of FNV-1a 64 over the daemon's replica records; empty = not computed.
   */
  state_checksum: string;
  registered_artifact_ids: string[];
  last_successful_sync: string;
  global_store_status: _tensorcast_global_store_v1_ConnectionStatus__Output;
  daemon_id?: string;
  /**
   * Absent leaves the stored flags alone; present 0 clears them.
   */
  capability_flags?: string;
  _daemon_id?: 'daemon_id';
  _capability_flags?: 'capability_flags';
}
