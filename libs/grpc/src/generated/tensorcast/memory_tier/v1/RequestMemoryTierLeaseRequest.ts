// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  LeaseKind as _tensorcast_memory_tier_v1_LeaseKind,
  LeaseKind__Output as _tensorcast_memory_tier_v1_LeaseKind__Output,
} from '../../../tensorcast/memory_tier/v1/LeaseKind';
import type {
  ChunkRange as _tensorcast_memory_tier_v1_ChunkRange,
  ChunkRange__Output as _tensorcast_memory_tier_v1_ChunkRange__Output,
} from '../../../tensorcast/memory_tier/v1/ChunkRange';
import type { Long } from '@grpc/proto-loader';

export interface RequestMemoryTierLeaseRequest {
  /**
   * Required.
   */
  node_id?: string;
  /**
   * UNSPECIFIED = STABLE.
   */
  kind?: _tensorcast_memory_tier_v1_LeaseKind;
  /**
   * Required.
   */
  artifact_id?: string;
  /**
   * chunk_ids or a chunk_range with count > 0 is required.
   */
  chunk_range?: _tensorcast_memory_tier_v1_ChunkRange | null;
  chunk_ids?: number[];
  ledger_version?: number | string | Long;
  bytes?: number | string | Long;
  /**
   * Empty = "default".
   */
  workload_id?: string;
  /**
   * Replay key within the node: a known (node_id, request_id) returns that lease unchanged.
   */
  request_id?: string;
  /**
   * 0 = now.
   */
  issued_at_ns?: number | string | Long;
}

export interface RequestMemoryTierLeaseRequest__Output {
  /**
   * Required.
   */
  node_id: string;
  /**
   * UNSPECIFIED = STABLE.
   */
  kind: _tensorcast_memory_tier_v1_LeaseKind__Output;
  /**
   * Required.
   */
  artifact_id: string;
  /**
   * chunk_ids or a chunk_range with count > 0 is required.
   */
  chunk_range: _tensorcast_memory_tier_v1_ChunkRange__Output | null;
  chunk_ids: number[];
  ledger_version: string;
  bytes: string;
  /**
   * Empty = "default".
   */
  workload_id: string;
  /**
   * Replay key within the node: a known (node_id, request_id) returns that lease unchanged.
   */
  request_id: string;
  /**
   * 0 = now.
   */
  issued_at_ns: string;
}
