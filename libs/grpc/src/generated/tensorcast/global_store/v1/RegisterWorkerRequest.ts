// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterWorkerRequest {
  node_id?: string;
  node_address?: string;
  grpc_port?: number;
  p2p_port?: number;
  mem_pool_total_size?: number | string | Long;
  mem_pool_available_size?: number | string | Long;
  /**
   * Set after a daemon restart: the server always answers state_sync_required = true.
   */
  is_recovery_registration?: boolean;
  /**
   * Its replicas move to the new worker id, if that row belongs to the same daemon.
   */
  previous_worker_id?: string;
  /**
   * Stable daemon identity: the same daemon_id keeps its worker_id across re-registrations.
   */
  daemon_id?: string;
  /**
   * Bit mask of WorkerCapabilityFlag positions.
   */
  capability_flags?: number | string | Long;
}

export interface RegisterWorkerRequest__Output {
  node_id: string;
  node_address: string;
  grpc_port: number;
  p2p_port: number;
  mem_pool_total_size: string;
  mem_pool_available_size: string;
  /**
   * Set after a daemon restart: the server always answers state_sync_required = true.
   */
  is_recovery_registration: boolean;
  /**
   * Its replicas move to the new worker id, if that row belongs to the same daemon.
   */
  previous_worker_id: string;
  /**
   * Stable daemon identity: the same daemon_id keeps its worker_id across re-registrations.
   */
  daemon_id: string;
  /**
   * Bit mask of WorkerCapabilityFlag positions.
   */
  capability_flags: string;
}
