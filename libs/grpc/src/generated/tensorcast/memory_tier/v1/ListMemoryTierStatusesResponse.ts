// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  MemoryTierStatus as _tensorcast_memory_tier_v1_MemoryTierStatus,
  MemoryTierStatus__Output as _tensorcast_memory_tier_v1_MemoryTierStatus__Output,
} from '../../../tensorcast/memory_tier/v1/MemoryTierStatus';

export interface ListMemoryTierStatusesResponse {
  statuses?: _tensorcast_memory_tier_v1_MemoryTierStatus[];
}

export interface ListMemoryTierStatusesResponse__Output {
  statuses: _tensorcast_memory_tier_v1_MemoryTierStatus__Output[];
}
