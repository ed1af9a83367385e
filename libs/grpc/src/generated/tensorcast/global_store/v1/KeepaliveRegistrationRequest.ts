// Original file: proto/tensorcast/global_store/v1/registration.proto

export interface KeepaliveRegistrationRequest {
  registration_id?: string;
  /**
   * Must equal Begin's owner_pid.
   */
  owner_pid?: number;
  /**
   * Absent = the ttl granted at Begin.
   */
  ttl_ms?: number;
  _ttl_ms?: 'ttl_ms';
}

export interface KeepaliveRegistrationRequest__Output {
  registration_id: string;
  /**
   * Must equal Begin's owner_pid.
   */
  owner_pid: number;
  /**
   * Absent = the ttl granted at Begin.
   */
  ttl_ms?: number;
  _ttl_ms?: 'ttl_ms';
}
