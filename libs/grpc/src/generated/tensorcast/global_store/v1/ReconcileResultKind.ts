// Original file: proto/tensorcast/global_store/v1/global_store.proto

export const ReconcileResultKind = {
  RECONCILE_RESULT_KIND_UNSPECIFIED: 'RECONCILE_RESULT_KIND_UNSPECIFIED',
  RECONCILE_RESULT_KIND_APPLIED: 'RECONCILE_RESULT_KIND_APPLIED',
  /**
   * Duplicate (same generation and seq) or nothing to change.
   */
  RECONCILE_RESULT_KIND_NOOP: 'RECONCILE_RESULT_KIND_NOOP',
  RECONCILE_RESULT_KIND_IGNORED_STALE: 'RECONCILE_RESULT_KIND_IGNORED_STALE',
  /**
   * A request_seq gap: wait retry_after_ms and resend.
   */
  RECONCILE_RESULT_KIND_RETRY_LATER: 'RECONCILE_RESULT_KIND_RETRY_LATER',
  /**
   * Start over from expected_replicas (another daemon, or a newer generation).
   */
  RECONCILE_RESULT_KIND_REBASE_REQUIRED: 'RECONCILE_RESULT_KIND_REBASE_REQUIRED',
  RECONCILE_RESULT_KIND_FATAL: 'RECONCILE_RESULT_KIND_FATAL',
} as const;

export type ReconcileResultKind =
  | 'RECONCILE_RESULT_KIND_UNSPECIFIED'
  | 0
  | 'RECONCILE_RESULT_KIND_APPLIED'
  | 1
  /**
   * Duplicate (same generation and seq) or nothing to change.
   */
  | 'RECONCILE_RESULT_KIND_NOOP'
  | 2
  | 'RECONCILE_RESULT_KIND_IGNORED_STALE'
  | 3
  /**
   * A request_seq gap: wait retry_after_ms and resend.
   */
  | 'RECONCILE_RESULT_KIND_RETRY_LATER'
  | 4
  /**
   * Start over from expected_replicas (another daemon, or a newer generation).
   */
  | 'RECONCILE_RESULT_KIND_REBASE_REQUIRED'
  | 5
  | 'RECONCILE_RESULT_KIND_FATAL'
  | 6;

export type ReconcileResultKind__Output =
  (typeof ReconcileResultKind)[keyof typeof ReconcileResultKind];
