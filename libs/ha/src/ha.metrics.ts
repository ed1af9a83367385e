import { Injectable } from '@nestjs/common';
import { counter, gauge, histogram } from '../../observability/src';

/** Leader election as Prometheus sees it (docs/high-availability.md). */
@Injectable()
export class HaMetrics {
  readonly isLeader = gauge({
    name: 'tc_ha_is_leader',
    help:
      '1 while this instance leads: holds the lease on PostgreSQL, always on SQLite (standalone); ' +
      '0 on a standby or a deposed leader.',
  });
  readonly epoch = gauge({
    name: 'tc_ha_epoch',
    help: 'The lease epoch this instance last saw (its own while it leads); 0 = standalone (SQLite).',
  });
  readonly leaderChanges = counter({
    name: 'tc_ha_leader_changes_total',
    help: 'Times this instance saw the lease change hands (a new epoch), its own takeovers included.',
  });
  readonly renewSeconds = histogram({
    name: 'tc_ha_lease_renew_seconds',
    help: "Round trip of the leader's lease renewal on its own connection, in seconds.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
}
