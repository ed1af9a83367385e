// Original file: proto/tensorcast/global_store/v1/registration.proto

export interface RevokeRegistrationRequest {
  registration_id?: string;
  /**
   * Every open registration of this worker.
   */
  worker_id?: string;
  /**
   * Every open registration of this daemon.
   */
  daemon_id?: string;
  reason?: string;
  target?: 'registration_id' | 'worker_id' | 'daemon_id';
}

export interface RevokeRegistrationRequest__Output {
  registration_id?: string;
  /**
   * Every open registration of this worker.
   */
  worker_id?: string;
  /**
   * Every open registration of this daemon.
   */
  daemon_id?: string;
  reason: string;
  target?: 'registration_id' | 'worker_id' | 'daemon_id';
}
