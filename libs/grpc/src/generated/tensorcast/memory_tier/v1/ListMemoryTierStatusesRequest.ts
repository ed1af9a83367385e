// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

export interface ListMemoryTierStatusesRequest {
  /**
   * Exact match; empty = every node.
   */
  node_id?: string;
}

export interface ListMemoryTierStatusesRequest__Output {
  /**
   * Exact match; empty = every node.
   */
  node_id: string;
}
