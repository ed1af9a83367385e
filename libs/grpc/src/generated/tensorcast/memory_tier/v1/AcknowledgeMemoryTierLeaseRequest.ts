// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  LeaseAckAction as _tensorcast_memory_tier_v1_LeaseAckAction,
  LeaseAckAction__Output as _tensorcast_memory_tier_v1_LeaseAckAction__Output,
} from '../../../tensorcast/memory_tier/v1/LeaseAckAction';
import type {
  ChunkRange as _tensorcast_memory_tier_v1_ChunkRange,
  ChunkRange__Output as _tensorcast_memory_tier_v1_ChunkRange__Output,
} from '../../../tensorcast/memory_tier/v1/ChunkRange';
import type { Long } from '@grpc/proto-loader';

export interface AcknowledgeMemoryTierLeaseRequest {
  /**
   * Required.
   */
  lease_id?: string;
  /**
   * Not checked against the lease's node.
   */
  node_id?: string;
  /**
   * Required.
   */
  action?: _tensorcast_memory_tier_v1_LeaseAckAction;
  /**
   * Required (at least one).
   */
  chunk_ids?: number[];
  chunk_range?: _tensorcast_memory_tier_v1_ChunkRange | null;
  ledger_version?: number | string | Long;
  bytes?: number | string | Long;
  /**
   * Empty keeps the lease's request_id.
   */
  request_id?: string;
  /**
   * 0 = now.
   */
  ack_epoch_ns?: number | string | Long;
  /**
   * Required; must be the lease's artifact (else NOT_FOUND).
   */
  artifact_id?: string;
}

export interface AcknowledgeMemoryTierLeaseRequest__Output {
  /**
   * Required.
   */
  lease_id: string;
  /**
   * Not checked against the lease's node.
   */
  node_id: string;
  /**
   * Required.
   */
  action: _tensorcast_memory_tier_v1_LeaseAckAction__Output;
  /**
   * Required (at least one).
   */
  chunk_ids: number[];
  chunk_range: _tensorcast_memory_tier_v1_ChunkRange__Output | null;
  ledger_version: string;
  bytes: string;
  /**
   * Empty keeps the lease's request_id.
   */
  request_id: string;
  /**
   * 0 = now.
   */
  ack_epoch_ns: string;
  /**
   * Required; must be the lease's artifact (else NOT_FOUND).
   */
  artifact_id: string;
}
