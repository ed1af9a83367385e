// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

export const LeaseKind = {
  /**
   * Treated as STABLE.
   */
  LEASE_KIND_UNSPECIFIED: 'LEASE_KIND_UNSPECIFIED',
  LEASE_KIND_STABLE: 'LEASE_KIND_STABLE',
  LEASE_KIND_PREEMPTIBLE: 'LEASE_KIND_PREEMPTIBLE',
} as const;

export type LeaseKind =
  /**
   * Treated as STABLE.
   */
  'LEASE_KIND_UNSPECIFIED' | 0 | 'LEASE_KIND_STABLE' | 1 | 'LEASE_KIND_PREEMPTIBLE' | 2;

export type LeaseKind__Output = (typeof LeaseKind)[keyof typeof LeaseKind];
