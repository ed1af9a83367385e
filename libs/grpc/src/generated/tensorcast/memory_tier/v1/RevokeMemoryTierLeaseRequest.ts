// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

export interface RevokeMemoryTierLeaseRequest {
  /**
   * Required.
   */
  lease_id?: string;
  /**
   * Logged by the server.
   */
  reason?: string;
}

export interface RevokeMemoryTierLeaseRequest__Output {
  /**
   * Required.
   */
  lease_id: string;
  /**
   * Logged by the server.
   */
  reason: string;
}
