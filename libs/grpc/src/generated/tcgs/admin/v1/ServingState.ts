// Original file: proto/tcgs/admin/v1/admin.proto

/**
 * OFFLINE is never sent by a server: `tensorcast global inspect` uses it for a database file.
 */
export const ServingState = {
  SERVING_STATE_UNSPECIFIED: 'SERVING_STATE_UNSPECIFIED',
  SERVING_STATE_STARTING: 'SERVING_STATE_STARTING',
  SERVING_STATE_SERVING: 'SERVING_STATE_SERVING',
  SERVING_STATE_NOT_SERVING: 'SERVING_STATE_NOT_SERVING',
  SERVING_STATE_OFFLINE: 'SERVING_STATE_OFFLINE',
} as const;

/**
 * OFFLINE is never sent by a server: `tensorcast global inspect` uses it for a database file.
 */
export type ServingState =
  | 'SERVING_STATE_UNSPECIFIED'
  | 0
  | 'SERVING_STATE_STARTING'
  | 1
  | 'SERVING_STATE_SERVING'
  | 2
  | 'SERVING_STATE_NOT_SERVING'
  | 3
  | 'SERVING_STATE_OFFLINE'
  | 4;

/**
 * OFFLINE is never sent by a server: `tensorcast global inspect` uses it for a database file.
 */
export type ServingState__Output = (typeof ServingState)[keyof typeof ServingState];
