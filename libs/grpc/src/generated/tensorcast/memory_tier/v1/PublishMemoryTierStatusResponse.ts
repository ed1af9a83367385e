// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

export interface PublishMemoryTierStatusResponse {}

export interface PublishMemoryTierStatusResponse__Output {}
