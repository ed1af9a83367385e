import { Injectable } from '@nestjs/common';
import { counter, histogram } from '../../observability/src';

/** The result kinds a ReconcileWorkerState call can end in, as metric label values. */
export type ResultKindLabel =
  'applied' | 'noop' | 'ignored_stale' | 'retry_later' | 'rebase_required' | 'fatal';

/** How a state sync (a request that reached the diff) ended. */
export type StateSyncResult = 'applied' | 'noop' | 'rejected' | 'failed';

@Injectable()
export class ReconcileMetrics {
  readonly results = counter({
    name: 'tc_reconcile_result_total',
    help:
      'ReconcileWorkerState answers by result kind (fatal = unknown or inactive worker, ' +
      'answered with gRPC NOT_FOUND).',
    labelNames: ['result_kind'] as const,
  });
  readonly stateSyncs = counter({
    name: 'tc_state_sync_total',
    help:
      'Reconcile requests that passed the fencing checks and were diffed against the registry: ' +
      'applied (something changed), noop (already in sync), rejected (invalid inventory), ' +
      'failed (storage error).',
    labelNames: ['result'] as const,
  });
  readonly stateSyncSeconds = histogram({
    name: 'tc_state_sync_seconds',
    help:
      'Time to validate, diff and durably apply one reconcile request that reached the diff, ' +
      'write-queue wait included, by request kind (snapshot or delta).',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  readonly stateChanges = counter({
    name: 'tc_state_sync_changes_total',
    help: 'Replica changes applied by reconcile, by type (add, update, remove).',
    labelNames: ['type'] as const,
  });
  readonly conflicts = counter({
    name: 'tc_control_plane_conflicts_total',
    help:
      'Control-plane requests refused or deferred because they conflict with newer state, by ' +
      'scope (e.g. reconcile_stale_seq, reconcile_daemon_mismatch, reconcile_seq_gap).',
    labelNames: ['scope'] as const,
  });
}
