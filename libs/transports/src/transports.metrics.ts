import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { counter, gauge, histogram } from '../../observability/src';

let countInProgress: () => number = () => 0;
let countQueued: () => number = () => 0;

/** Transport and drain metrics (get-or-create: several apps may share one test process). */
@Injectable()
export class TransportsMetrics {
  readonly requests: Counter<'result'> = counter({
    name: 'tc_transport_requests_total',
    help: 'RequestReplicaTransport answers by result (granted, replayed, not_found, timed_out, cancelled).',
    labelNames: ['result'] as const,
  });

  readonly completions: Counter<'outcome'> = counter({
    name: 'tc_transports_completed_total',
    help: 'Transports that ended, by outcome (success, failed, expired, cancelled, unspecified).',
    labelNames: ['outcome'] as const,
  });

  readonly waitSeconds: Histogram = histogram({
    name: 'tc_transport_wait_seconds',
    help: 'Time a granted RequestReplicaTransport waited in the queue for a source slot.',
    buckets: [
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ],
  });

  readonly inProgress: Gauge = gauge({
    name: 'tc_transports_in_progress',
    help: 'Transports granted and not yet completed (slots held on source replicas).',
    collect: (): void => this.inProgress.set(countInProgress()),
  });

  readonly queued: Gauge = gauge({
    name: 'tc_transport_requests_queued',
    help: 'RequestReplicaTransport calls waiting for a source slot.',
    collect: (): void => this.queued.set(countQueued()),
  });

  readonly drains: Counter<'result'> = counter({
    name: 'tc_replica_drains_total',
    help: 'WaitReplicaDrain answers by result (drained, timed_out, not_found).',
    labelNames: ['result'] as const,
  });

  constructor() {
    for (const outcome of ['success', 'failed', 'expired', 'cancelled', 'unspecified']) {
      this.completions.inc({ outcome }, 0);
    }
  }

  countWith(inProgress: () => number, queued: () => number): void {
    countInProgress = inProgress;
    countQueued = queued;
  }
}
