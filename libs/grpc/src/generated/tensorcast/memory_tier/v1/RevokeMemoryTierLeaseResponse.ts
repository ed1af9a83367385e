// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  MemoryTierLease as _tensorcast_memory_tier_v1_MemoryTierLease,
  MemoryTierLease__Output as _tensorcast_memory_tier_v1_MemoryTierLease__Output,
} from '../../../tensorcast/memory_tier/v1/MemoryTierLease';

export interface RevokeMemoryTierLeaseResponse {
  lease?: _tensorcast_memory_tier_v1_MemoryTierLease | null;
}

export interface RevokeMemoryTierLeaseResponse__Output {
  lease: _tensorcast_memory_tier_v1_MemoryTierLease__Output | null;
}
