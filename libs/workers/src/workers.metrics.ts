import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { counter, gauge } from '../../observability/src';

@Injectable()
export class WorkersMetrics {
  private countActive: () => number = () => 0;
  readonly activeWorkers: Gauge = gauge({
    name: 'tc_active_workers',
    help: 'Workers that are registered, not inactive, and heartbeating within the timeout.',
    collect: (): void => this.activeWorkers.set(this.countActive()),
  });
  readonly registrations = counter({
    name: 'tc_worker_registrations_total',
    help: 'Successful RegisterWorker calls (first registrations and re-registrations).',
  });
  readonly deregistrations = counter({
    name: 'tc_worker_deregistrations_total',
    help: 'Workers that went inactive, by reason (graceful = UnregisterWorker, timeout = missed heartbeats, removed = an active worker removed by an operator).',
    labelNames: ['reason'] as const,
  });

  countActiveWith(count: () => number): void {
    this.countActive = count;
  }
}
