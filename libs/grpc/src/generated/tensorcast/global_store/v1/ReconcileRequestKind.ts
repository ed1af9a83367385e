// Original file: proto/tensorcast/global_store/v1/global_store.proto

/**
 * UNSPECIFIED is treated as SNAPSHOT.
 */
export const ReconcileRequestKind = {
  RECONCILE_REQUEST_KIND_UNSPECIFIED: 'RECONCILE_REQUEST_KIND_UNSPECIFIED',
  RECONCILE_REQUEST_KIND_SNAPSHOT: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
  RECONCILE_REQUEST_KIND_DELTA: 'RECONCILE_REQUEST_KIND_DELTA',
} as const;

/**
 * UNSPECIFIED is treated as SNAPSHOT.
 */
export type ReconcileRequestKind =
  | 'RECONCILE_REQUEST_KIND_UNSPECIFIED'
  | 0
  | 'RECONCILE_REQUEST_KIND_SNAPSHOT'
  | 1
  | 'RECONCILE_REQUEST_KIND_DELTA'
  | 2;

/**
 * UNSPECIFIED is treated as SNAPSHOT.
 */
export type ReconcileRequestKind__Output =
  (typeof ReconcileRequestKind)[keyof typeof ReconcileRequestKind];
