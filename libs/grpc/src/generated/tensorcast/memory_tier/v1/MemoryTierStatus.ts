// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type { Long } from '@grpc/proto-loader';

export interface MemoryTierStatus {
  /**
   * Required.
   */
  node_id?: string;
  /**
   * The worker that published the snapshot; recorded as given.
   */
  worker_id?: string;
  stable_total_bytes?: number | string | Long;
  stable_used_bytes?: number | string | Long;
  preemptible_total_bytes?: number | string | Long;
  preemptible_marked_bytes?: number | string | Long;
  /**
   * Finite and >= 0.
   */
  faults_per_sec?: number | string;
  rehydrate_p99_ns?: number | string | Long;
  enable_preemptible?: boolean;
  /**
   * The daemon's tier configuration as JSON; empty is stored as "{}".
   */
  memory_tier_config_json?: string;
  /**
   * When the snapshot was taken; 0 = the time the server received it.
   */
  epoch_ns?: number | string | Long;
}

export interface MemoryTierStatus__Output {
  /**
   * Required.
   */
  node_id: string;
  /**
   * The worker that published the snapshot; recorded as given.
   */
  worker_id: string;
  stable_total_bytes: string;
  stable_used_bytes: string;
  preemptible_total_bytes: string;
  preemptible_marked_bytes: string;
  /**
   * Finite and >= 0.
   */
  faults_per_sec: number;
  rehydrate_p99_ns: string;
  enable_preemptible: boolean;
  /**
   * The daemon's tier configuration as JSON; empty is stored as "{}".
   */
  memory_tier_config_json: string;
  /**
   * When the snapshot was taken; 0 = the time the server received it.
   */
  epoch_ns: string;
}
