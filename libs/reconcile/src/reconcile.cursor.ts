import { quoteClientValue } from '../../common/src';
/**
 * The fencing rules of ReconcileWorkerState (behavior.md "Reconcile", rules 2–7, compat):
 * which requests may change a worker's replicas, judged only from the worker's persisted
 * cursor and the request's (daemon_id, generation, request_seq). Rule 1 (unknown or
 * inactive worker) needs the worker registry and lives in the service.
 */

/** How long a daemon waits before resending after a request_seq gap (compat). */
export const RETRY_AFTER_MS = 100;

export interface StoredCursor {
  readonly daemonId: string;
  readonly generation: number;
  readonly requestSeq: number;
}

export interface RequestCursor {
  /** Empty = the request does not say which daemon sent it (not checked). */
  readonly daemonId: string;
  readonly generation: number;
  readonly requestSeq: number;
}

/** Why a request was not applied; also the bounded `scope` of the conflicts metric. */
export type CursorConflict =
  | 'reconcile_daemon_mismatch'
  | 'reconcile_newer_generation'
  | 'reconcile_stale_generation'
  | 'reconcile_stale_seq'
  | 'reconcile_seq_gap';

export type CursorVerdict =
  | { readonly kind: 'REBASE_REQUIRED'; readonly conflict: CursorConflict; readonly reason: string }
  | { readonly kind: 'IGNORED_STALE'; readonly conflict: CursorConflict; readonly reason: string }
  | { readonly kind: 'RETRY_LATER'; readonly conflict: CursorConflict; readonly reason: string }
  | { readonly kind: 'DUPLICATE'; readonly reason: string }
  | { readonly kind: 'APPLY' };

/** Rules 2–7 in the order the spec gives them; the first that matches decides. */
export function judgeCursor(stored: StoredCursor, request: RequestCursor): CursorVerdict {
  if (request.daemonId !== '' && request.daemonId !== stored.daemonId) {
    return {
      kind: 'REBASE_REQUIRED',
      conflict: 'reconcile_daemon_mismatch',
      reason: `daemon_id ${quoteClientValue(request.daemonId)} does not own this worker (owner: ${quoteClientValue(stored.daemonId)})`,
    };
  }
  if (request.generation < stored.generation) {
    return {
      kind: 'IGNORED_STALE',
      conflict: 'reconcile_stale_generation',
      reason: `generation ${request.generation} is older than ${stored.generation}`,
    };
  }
  if (request.generation === stored.generation && request.requestSeq === stored.requestSeq) {
    return {
      kind: 'DUPLICATE',
      reason: `request_seq ${request.requestSeq} of generation ${request.generation} was already handled`,
    };
  }
  if (request.generation === stored.generation && request.requestSeq < stored.requestSeq) {
    return {
      kind: 'IGNORED_STALE',
      conflict: 'reconcile_stale_seq',
      reason: `request_seq ${request.requestSeq} is older than ${stored.requestSeq}`,
    };
  }
  if (request.generation > stored.generation) {
    return {
      kind: 'REBASE_REQUIRED',
      conflict: 'reconcile_newer_generation',
      reason: `generation ${request.generation} is newer than the server's ${stored.generation}`,
    };
  }
  if (request.requestSeq > stored.requestSeq + 1) {
    return {
      kind: 'RETRY_LATER',
      conflict: 'reconcile_seq_gap',
      reason: `request_seq ${request.requestSeq} skips ahead of ${stored.requestSeq + 1}`,
    };
  }
  return { kind: 'APPLY' };
}
