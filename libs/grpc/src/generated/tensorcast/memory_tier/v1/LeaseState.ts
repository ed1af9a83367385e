// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

export const LeaseState = {
  /**
   * In ListOutstandingLeasesRequest.states: same as PENDING.
   */
  LEASE_STATE_UNSPECIFIED: 'LEASE_STATE_UNSPECIFIED',
  /**
   * Granted, not yet acknowledged; expires at expires_at_ns.
   */
  LEASE_STATE_PENDING: 'LEASE_STATE_PENDING',
  /**
   * Acknowledged (ACQUIRED) by the owner; ends when released, or when the node's last
   * worker unregisters or times out.
   */
  LEASE_STATE_ACTIVE: 'LEASE_STATE_ACTIVE',
  /**
   * Revoked; the owner is expected to release it.
   */
  LEASE_STATE_REVOKING: 'LEASE_STATE_REVOKING',
  /**
   * Released or timed out; kept for memory_tier.lease_retention, then deleted.
   */
  LEASE_STATE_EXPIRED: 'LEASE_STATE_EXPIRED',
} as const;

export type LeaseState =
  /**
   * In ListOutstandingLeasesRequest.states: same as PENDING.
   */
  | 'LEASE_STATE_UNSPECIFIED'
  | 0
  /**
   * Granted, not yet acknowledged; expires at expires_at_ns.
   */
  | 'LEASE_STATE_PENDING'
  | 1
  /**
   * Acknowledged (ACQUIRED) by the owner; ends when released, or when the node's last
   * worker unregisters or times out.
   */
  | 'LEASE_STATE_ACTIVE'
  | 2
  /**
   * Revoked; the owner is expected to release it.
   */
  | 'LEASE_STATE_REVOKING'
  | 3
  /**
   * Released or timed out; kept for memory_tier.lease_retention, then deleted.
   */
  | 'LEASE_STATE_EXPIRED'
  | 4;

export type LeaseState__Output = (typeof LeaseState)[keyof typeof LeaseState];
