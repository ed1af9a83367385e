// Original file: proto/tensorcast/global_store/v1/global_store.proto

/**
 * Application-level outcome carried in responses. Some outcomes (NOT_FOUND on heartbeat)
 * come with gRPC OK so the daemon reacts (re-registers) instead of treating it as a failure.
 */
export const Status = {
  STATUS_UNSPECIFIED: 'STATUS_UNSPECIFIED',
  STATUS_NOT_FOUND: 'STATUS_NOT_FOUND',
  STATUS_TIMED_OUT: 'STATUS_TIMED_OUT',
  STATUS_TOO_MANY_REQUESTS: 'STATUS_TOO_MANY_REQUESTS',
  STATUS_STATE_SYNC_REQUIRED: 'STATUS_STATE_SYNC_REQUIRED',
  STATUS_ERROR: 'STATUS_ERROR',
  STATUS_OK: 'STATUS_OK',
} as const;

/**
 * Application-level outcome carried in responses. Some outcomes (NOT_FOUND on heartbeat)
 * come with gRPC OK so the daemon reacts (re-registers) instead of treating it as a failure.
 */
export type Status =
  | 'STATUS_UNSPECIFIED'
  | 0
  | 'STATUS_NOT_FOUND'
  | 1
  | 'STATUS_TIMED_OUT'
  | 2
  | 'STATUS_TOO_MANY_REQUESTS'
  | 3
  | 'STATUS_STATE_SYNC_REQUIRED'
  | 4
  | 'STATUS_ERROR'
  | 5
  | 'STATUS_OK'
  | 6;

/**
 * Application-level outcome carried in responses. Some outcomes (NOT_FOUND on heartbeat)
 * come with gRPC OK so the daemon reacts (re-registers) instead of treating it as a failure.
 */
export type Status__Output = (typeof Status)[keyof typeof Status];
