// Original file: proto/tcgs/admin/v1/admin.proto

/**
 * ACTIVE: heartbeating and accepting; NOT_ACCEPTING: heartbeating, draining; RECOVERING:
 * restored after a server restart, not yet heard from; TIMED_OUT: heartbeat too old, not yet
 * swept; INACTIVE: unregistered or swept (row kept for a comeback).
 */
export const WorkerState = {
  WORKER_STATE_UNSPECIFIED: 'WORKER_STATE_UNSPECIFIED',
  WORKER_STATE_ACTIVE: 'WORKER_STATE_ACTIVE',
  WORKER_STATE_NOT_ACCEPTING: 'WORKER_STATE_NOT_ACCEPTING',
  WORKER_STATE_RECOVERING: 'WORKER_STATE_RECOVERING',
  WORKER_STATE_TIMED_OUT: 'WORKER_STATE_TIMED_OUT',
  WORKER_STATE_INACTIVE: 'WORKER_STATE_INACTIVE',
} as const;

/**
 * ACTIVE: heartbeating and accepting; NOT_ACCEPTING: heartbeating, draining; RECOVERING:
 * restored after a server restart, not yet heard from; TIMED_OUT: heartbeat too old, not yet
 * swept; INACTIVE: unregistered or swept (row kept for a comeback).
 */
export type WorkerState =
  | 'WORKER_STATE_UNSPECIFIED'
  | 0
  | 'WORKER_STATE_ACTIVE'
  | 1
  | 'WORKER_STATE_NOT_ACCEPTING'
  | 2
  | 'WORKER_STATE_RECOVERING'
  | 3
  | 'WORKER_STATE_TIMED_OUT'
  | 4
  | 'WORKER_STATE_INACTIVE'
  | 5;

/**
 * ACTIVE: heartbeating and accepting; NOT_ACCEPTING: heartbeating, draining; RECOVERING:
 * restored after a server restart, not yet heard from; TIMED_OUT: heartbeat too old, not yet
 * swept; INACTIVE: unregistered or swept (row kept for a comeback).
 */
export type WorkerState__Output = (typeof WorkerState)[keyof typeof WorkerState];
