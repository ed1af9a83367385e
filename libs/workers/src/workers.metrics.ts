import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { counter, gauge } from '../../observability/src';

export type WorkerState = 'active' | 'unconfirmed' | 'inactive';

@Injectable()
export class WorkersMetrics {
  private count: () => Record<WorkerState, number> = () => ({
    active: 0,
    unconfirmed: 0,
    inactive: 0,
  });
  readonly activeWorkers: Gauge = gauge({
    name: 'tc_active_workers',
    help: 'Workers heard from (heartbeat or registration) within the timeout; workers restored at startup count only once they are heard from.',
    collect: (): void => this.activeWorkers.set(this.count().active),
  });
  readonly workersByState: Gauge<'state'> = gauge({
    name: 'tc_workers',
    help: 'Known workers by state: active, unconfirmed (restored at startup, not heard from yet, within the grace period) and inactive.',
    labelNames: ['state'] as const,
    collect: (): void => {
      for (const [state, n] of Object.entries(this.count())) this.workersByState.set({ state }, n);
    },
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

  countWith(count: () => Record<WorkerState, number>): void {
    this.count = count;
  }
}
