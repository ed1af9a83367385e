// Original file: proto/tensorcast/global_store/v1/registration.proto

/**
 * How the daemon places the bytes; decides which feed frames are valid and the memory type
 * of the committed replica.
 */
export const RegistrationPlanKind = {
  REGISTRATION_PLAN_KIND_UNSPECIFIED: 'REGISTRATION_PLAN_KIND_UNSPECIFIED',
  /**
   * One daemon-owned contiguous GPU buffer; fed with chunks; replica is GPU memory.
   */
  REGISTRATION_PLAN_KIND_COALESCED: 'REGISTRATION_PLAN_KIND_COALESCED',
  /**
   * Staged through host memory; fed with chunks; replica is RAM.
   */
  REGISTRATION_PLAN_KIND_CPU: 'REGISTRATION_PLAN_KIND_CPU',
  /**
   * Leases segments of memory the daemon already holds; fed with lease_segments; replica is
   * GPU memory.
   */
  REGISTRATION_PLAN_KIND_LEASE: 'REGISTRATION_PLAN_KIND_LEASE',
} as const;

/**
 * How the daemon places the bytes; decides which feed frames are valid and the memory type
 * of the committed replica.
 */
export type RegistrationPlanKind =
  | 'REGISTRATION_PLAN_KIND_UNSPECIFIED'
  | 0
  /**
   * One daemon-owned contiguous GPU buffer; fed with chunks; replica is GPU memory.
   */
  | 'REGISTRATION_PLAN_KIND_COALESCED'
  | 1
  /**
   * Staged through host memory; fed with chunks; replica is RAM.
   */
  | 'REGISTRATION_PLAN_KIND_CPU'
  | 2
  /**
   * Leases segments of memory the daemon already holds; fed with lease_segments; replica is
   * GPU memory.
   */
  | 'REGISTRATION_PLAN_KIND_LEASE'
  | 3;

/**
 * How the daemon places the bytes; decides which feed frames are valid and the memory type
 * of the committed replica.
 */
export type RegistrationPlanKind__Output =
  (typeof RegistrationPlanKind)[keyof typeof RegistrationPlanKind];
