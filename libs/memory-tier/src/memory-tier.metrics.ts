import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY, counter, defaultRegistry, gauge } from '../../observability/src';
import { LeaseStateName } from './memory-tier-lease.entity';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';

const LEASE_STATES: readonly LeaseStateName[] = ['PENDING', 'ACTIVE', 'REVOKING', 'EXPIRED'];

type StatusSource = () => Iterable<MemoryTierStatusEntity>;

/**
 * The newest snapshots, per registry. The gauges are filled when /metrics is scraped, from
 * whichever service registered last for that registry (get-or-create hands a second app
 * instance in the same process the first one's gauges).
 */
const SOURCES = new WeakMap<Registry, StatusSource>();

/**
 * Per-node gauges of the newest snapshot (spec names, tensorcast_memory_tier_*) and the
 * lease counts by state (tc_ like our other metrics). The per-node series are rebuilt from the
 * newest snapshots at each scrape rather than set on every publish (a publish is the hot
 * path; a scrape comes every few seconds), so a node whose snapshots are pruned loses its
 * series at once and the node_id label set stays bounded by the nodes that publish.
 */
@Injectable()
export class MemoryTierMetrics {
  readonly stableBytes: Gauge<'node_id' | 'state'>;
  readonly preemptibleBytes: Gauge<'node_id' | 'state'>;
  readonly faultsPerSec: Gauge<'node_id'>;
  readonly rehydrateP99Ns: Gauge<'node_id'>;
  readonly enablePreemptible: Gauge<'node_id'>;
  readonly leases: Gauge<'state'>;
  readonly publishes: Counter;
  readonly leaseExpirations: Counter<'reason'>;

  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry = defaultRegistry) {
    const perNode = <T extends 'node_id' | 'state'>(
      name: string,
      help: string,
      labelNames: readonly T[],
      fill: (gauge: Gauge<T>, status: MemoryTierStatusEntity) => void,
    ): Gauge<T> =>
      gauge<T>(
        {
          name,
          help,
          labelNames,
          collect(this: Gauge<T>): void {
            this.reset();
            for (const status of SOURCES.get(registry)?.() ?? []) fill(this, status);
          },
        },
        registry,
      );
    this.stableBytes = perNode(
      'tensorcast_memory_tier_stable_bytes',
      'Stable tier bytes of the newest snapshot per node (state: total, used).',
      ['node_id', 'state'],
      (g, s) => {
        g.set({ node_id: s.nodeId, state: 'total' }, Number(s.stableTotalBytes));
        g.set({ node_id: s.nodeId, state: 'used' }, Number(s.stableUsedBytes));
      },
    );
    this.preemptibleBytes = perNode(
      'tensorcast_memory_tier_preemptible_bytes',
      'Preemptible tier bytes of the newest snapshot per node (state: total, marked).',
      ['node_id', 'state'],
      (g, s) => {
        g.set({ node_id: s.nodeId, state: 'total' }, Number(s.preemptibleTotalBytes));
        g.set({ node_id: s.nodeId, state: 'marked' }, Number(s.preemptibleMarkedBytes));
      },
    );
    this.faultsPerSec = perNode(
      'tensorcast_memory_tier_faults_per_sec',
      'Tier faults per second of the newest snapshot per node.',
      ['node_id'],
      (g, s) => g.set({ node_id: s.nodeId }, s.faultsPerSec),
    );
    this.rehydrateP99Ns = perNode(
      'tensorcast_memory_tier_rehydrate_p99_ns',
      'p99 rehydrate time in nanoseconds of the newest snapshot per node.',
      ['node_id'],
      (g, s) => g.set({ node_id: s.nodeId }, Number(s.rehydrateP99Ns)),
    );
    this.enablePreemptible = perNode(
      'tensorcast_memory_tier_enable_preemptible',
      '1 when the node has the preemptible tier on, per its newest snapshot.',
      ['node_id'],
      (g, s) => g.set({ node_id: s.nodeId }, s.enablePreemptible ? 1 : 0),
    );
    this.leases = gauge(
      {
        name: 'tc_memory_tier_leases',
        help: 'Memory-tier leases held, by state (EXPIRED ones until lease_retention ends).',
        labelNames: ['state'] as const,
      },
      registry,
    );
    this.publishes = counter(
      {
        name: 'tc_memory_tier_status_publishes_total',
        help: 'Accepted PublishMemoryTierStatus calls.',
      },
      registry,
    );
    this.leaseExpirations = counter(
      {
        name: 'tc_memory_tier_lease_expirations_total',
        help: 'Leases that became EXPIRED, by reason (pending_ttl, released, node_gone).',
        labelNames: ['reason'] as const,
      },
      registry,
    );
    for (const state of LEASE_STATES) this.leases.set({ state }, 0);
  }

  /** Where the per-node gauges read the newest snapshots from at scrape time. */
  readStatusesFrom(source: StatusSource): void {
    SOURCES.set(this.registry, source);
  }

  setLeaseCounts(counts: Readonly<Record<LeaseStateName, number>>): void {
    for (const state of LEASE_STATES) this.leases.set({ state }, counts[state]);
  }
}
