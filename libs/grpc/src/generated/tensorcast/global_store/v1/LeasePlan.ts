// Original file: proto/tensorcast/global_store/v1/registration.proto

/**
 * Deliberately empty: the leased segments are declared through Feed (lease_segments), so
 * nothing needs to be known up front. A message rather than a bool so fields can be added.
 */
export interface LeasePlan {}

/**
 * Deliberately empty: the leased segments are declared through Feed (lease_segments), so
 * nothing needs to be known up front. A message rather than a bool so fields can be added.
 */
export interface LeasePlan__Output {}
