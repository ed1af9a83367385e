// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  LeaseState as _tensorcast_memory_tier_v1_LeaseState,
  LeaseState__Output as _tensorcast_memory_tier_v1_LeaseState__Output,
} from '../../../tensorcast/memory_tier/v1/LeaseState';

export interface ListOutstandingLeasesRequest {
  /**
   * Exact match; empty = every node.
   */
  node_id?: string;
  /**
   * Empty = PENDING, ACTIVE and REVOKING; UNSPECIFIED = PENDING.
   */
  states?: _tensorcast_memory_tier_v1_LeaseState[];
}

export interface ListOutstandingLeasesRequest__Output {
  /**
   * Exact match; empty = every node.
   */
  node_id: string;
  /**
   * Empty = PENDING, ACTIVE and REVOKING; UNSPECIFIED = PENDING.
   */
  states: _tensorcast_memory_tier_v1_LeaseState__Output[];
}
