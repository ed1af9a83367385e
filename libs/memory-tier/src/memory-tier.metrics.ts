import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY, counter, defaultRegistry, gauge } from '../../observability/src';
import { LeaseStateName } from './memory-tier-lease.entity';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';

const LEASE_STATES: readonly LeaseStateName[] = ['PENDING', 'ACTIVE', 'REVOKING', 'EXPIRED'];

/**
 * Per-node gauges of the newest snapshot (spec names, tensorcast_memory_tier_*) and the
 * lease counts by state (tc_ like our other metrics). node_id is a label, so a node's
 * series are removed when its snapshots are pruned: the label set stays bounded by the nodes
 * that publish.
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

  constructor(@Optional() @Inject(METRICS_REGISTRY) registry: Registry = defaultRegistry) {
    this.stableBytes = gauge(
      {
        name: 'tensorcast_memory_tier_stable_bytes',
        help: 'Stable tier bytes of the newest snapshot per node (state: total, used).',
        labelNames: ['node_id', 'state'] as const,
      },
      registry,
    );
    this.preemptibleBytes = gauge(
      {
        name: 'tensorcast_memory_tier_preemptible_bytes',
        help: 'Preemptible tier bytes of the newest snapshot per node (state: total, marked).',
        labelNames: ['node_id', 'state'] as const,
      },
      registry,
    );
    this.faultsPerSec = gauge(
      {
        name: 'tensorcast_memory_tier_faults_per_sec',
        help: 'Tier faults per second of the newest snapshot per node.',
        labelNames: ['node_id'] as const,
      },
      registry,
    );
    this.rehydrateP99Ns = gauge(
      {
        name: 'tensorcast_memory_tier_rehydrate_p99_ns',
        help: 'p99 rehydrate time in nanoseconds of the newest snapshot per node.',
        labelNames: ['node_id'] as const,
      },
      registry,
    );
    this.enablePreemptible = gauge(
      {
        name: 'tensorcast_memory_tier_enable_preemptible',
        help: '1 when the node has the preemptible tier on, per its newest snapshot.',
        labelNames: ['node_id'] as const,
      },
      registry,
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

  setNodeStatus(status: MemoryTierStatusEntity): void {
    const node_id = status.nodeId;
    this.stableBytes.set({ node_id, state: 'total' }, Number(status.stableTotalBytes));
    this.stableBytes.set({ node_id, state: 'used' }, Number(status.stableUsedBytes));
    this.preemptibleBytes.set({ node_id, state: 'total' }, Number(status.preemptibleTotalBytes));
    this.preemptibleBytes.set({ node_id, state: 'marked' }, Number(status.preemptibleMarkedBytes));
    this.faultsPerSec.set({ node_id }, status.faultsPerSec);
    this.rehydrateP99Ns.set({ node_id }, Number(status.rehydrateP99Ns));
    this.enablePreemptible.set({ node_id }, status.enablePreemptible ? 1 : 0);
  }

  removeNode(node_id: string): void {
    for (const state of ['total', 'used']) this.stableBytes.remove({ node_id, state });
    for (const state of ['total', 'marked']) this.preemptibleBytes.remove({ node_id, state });
    this.faultsPerSec.remove({ node_id });
    this.rehydrateP99Ns.remove({ node_id });
    this.enablePreemptible.remove({ node_id });
  }

  setLeaseCounts(counts: Readonly<Record<LeaseStateName, number>>): void {
    for (const state of LEASE_STATES) this.leases.set({ state }, counts[state]);
  }
}
