// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type {
  MemoryTierStatus as _tensorcast_memory_tier_v1_MemoryTierStatus,
  MemoryTierStatus__Output as _tensorcast_memory_tier_v1_MemoryTierStatus__Output,
} from '../../../tensorcast/memory_tier/v1/MemoryTierStatus';

export interface PublishMemoryTierStatusRequest {
  status?: _tensorcast_memory_tier_v1_MemoryTierStatus | null;
}

export interface PublishMemoryTierStatusRequest__Output {
  status: _tensorcast_memory_tier_v1_MemoryTierStatus__Output | null;
}
