// Original file: proto/tensorcast/global_store/v1/registration.proto

/**
 * Filters combine (AND); none = all.
 */
export interface ListRegistrationsRequest {
  daemon_id?: string;
  worker_id?: string;
  _daemon_id?: 'daemon_id';
  _worker_id?: 'worker_id';
}

/**
 * Filters combine (AND); none = all.
 */
export interface ListRegistrationsRequest__Output {
  daemon_id?: string;
  worker_id?: string;
  _daemon_id?: 'daemon_id';
  _worker_id?: 'worker_id';
}
