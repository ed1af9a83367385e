// Original file: proto/tensorcast/global_store/v1/registration.proto

export interface RevokeRegistrationResponse {
  /**
   * How many open registrations this call ended.
   */
  revoked?: number;
}

export interface RevokeRegistrationResponse__Output {
  /**
   * How many open registrations this call ended.
   */
  revoked: number;
}
