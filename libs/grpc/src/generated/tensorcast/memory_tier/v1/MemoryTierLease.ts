// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  LeaseKind as _tensorcast_memory_tier_v1_LeaseKind,
  LeaseKind__Output as _tensorcast_memory_tier_v1_LeaseKind__Output,
} from '../../../tensorcast/memory_tier/v1/LeaseKind';
import type {
  ChunkRange as _tensorcast_memory_tier_v1_ChunkRange,
  ChunkRange__Output as _tensorcast_memory_tier_v1_ChunkRange__Output,
} from '../../../tensorcast/memory_tier/v1/ChunkRange';
import type {
  LeaseState as _tensorcast_memory_tier_v1_LeaseState,
  LeaseState__Output as _tensorcast_memory_tier_v1_LeaseState__Output,
} from '../../../tensorcast/memory_tier/v1/LeaseState';
import type { Long } from '@grpc/proto-loader';

export interface MemoryTierLease {
  /**
   * uuid4 as 32 lowercase hex digits.
   */
  lease_id?: string;
  node_id?: string;
  kind?: _tensorcast_memory_tier_v1_LeaseKind;
  artifact_id?: string;
  chunk_range?: _tensorcast_memory_tier_v1_ChunkRange | null;
  chunk_ids?: number[];
  ledger_version?: number | string | Long;
  bytes?: number | string | Long;
  workload_id?: string;
  state?: _tensorcast_memory_tier_v1_LeaseState;
  /**
   * The requester's id, or mt_req_<ns> when the request carried none.
   */
  request_id?: string;
  /**
   * Time of the last acknowledgement; 0 = never acknowledged.
   */
  ack_epoch_ns?: number | string | Long;
  issued_at_ns?: number | string | Long;
  /**
   * A PENDING lease expires here (issued_at_ns + memory_tier.pending_lease_ttl).
   */
  expires_at_ns?: number | string | Long;
}

export interface MemoryTierLease__Output {
  /**
   * uuid4 as 32 lowercase hex digits.
   */
  lease_id: string;
  node_id: string;
  kind: _tensorcast_memory_tier_v1_LeaseKind__Output;
  artifact_id: string;
  chunk_range: _tensorcast_memory_tier_v1_ChunkRange__Output | null;
  chunk_ids: number[];
  ledger_version: string;
  bytes: string;
  workload_id: string;
  state: _tensorcast_memory_tier_v1_LeaseState__Output;
  /**
   * The requester's id, or mt_req_<ns> when the request carried none.
   */
  request_id: string;
  /**
   * Time of the last acknowledgement; 0 = never acknowledged.
   */
  ack_epoch_ns: string;
  issued_at_ns: string;
  /**
   * A PENDING lease expires here (issued_at_ns + memory_tier.pending_lease_ttl).
   */
  expires_at_ns: string;
}
