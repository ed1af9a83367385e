import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { counter, gauge } from '../../observability/src';
import { MemoryTier } from './replica.entity';

export const MEMORY_TIERS: readonly MemoryTier[] = ['GPU', 'RAM', 'DISK'];

export type ReplicaCountsByTier = Record<MemoryTier, number>;

/**
 * Replica metrics. The gauges read the per-tier counters the replica store's committed index
 * keeps as replicas change (whichever module changed them), so a scrape costs no table scan
 * and never waits behind a write.
 */
@Injectable()
export class ArtifactsMetrics {
  private readonly logger = new Logger('ArtifactsMetrics');
  private countReplicas: () => Promise<ReplicaCountsByTier> = async () => emptyCounts();
  private countAvailableReplicas: () => ReplicaCountsByTier = emptyCounts;
  /** One read per scrape serves both gauges. */
  private pendingCount: Promise<ReplicaCountsByTier> | undefined;
  private lastCounts: ReplicaCountsByTier = emptyCounts();

  readonly replicasTotal: Gauge = gauge({
    name: 'tc_replicas_total',
    help: 'Replica rows in the registry (available or not).',
    collect: async (): Promise<void> => {
      const counts = await this.currentCounts();
      this.replicasTotal.set(counts.GPU + counts.RAM + counts.DISK);
    },
  });

  readonly replicasPerMemoryType: Gauge<'memory_type'> = gauge({
    name: 'tc_replicas_per_memtype',
    help: 'Replica rows in the registry by memory tier.',
    labelNames: ['memory_type'] as const,
    collect: async (): Promise<void> => {
      const counts = await this.currentCounts();
      for (const tier of MEMORY_TIERS)
        this.replicasPerMemoryType.set({ memory_type: tier }, counts[tier]);
    },
  });

  /**
   * The compat gauges above keep their issue-3 shape ({memory_type} only, what TensorCast
   * dashboards query); this one splits the same rows by availability, so a restart's
   * "3/251/3 replicas, 0 available" is visible.
   */
  readonly replicasByState: Gauge<'memory_type' | 'state'> = gauge({
    name: 'tc_replicas',
    help:
      'Replica rows in the registry by memory tier and state: available (served by ' +
      'GetArtifactInfoById) or unavailable (kept, e.g. restored and not re-confirmed yet).',
    labelNames: ['memory_type', 'state'] as const,
    collect: async (): Promise<void> => {
      const counts = await this.currentCounts();
      const available = this.countAvailableReplicas();
      for (const tier of MEMORY_TIERS) {
        const up = Math.min(available[tier], counts[tier]);
        this.replicasByState.set({ memory_type: tier, state: 'available' }, up);
        this.replicasByState.set({ memory_type: tier, state: 'unavailable' }, counts[tier] - up);
      }
    },
  });

  readonly replicaRegistrations: Counter<'memory_type'> = counter({
    name: 'tc_replica_register_total',
    help: 'RegisterReplica calls that registered or re-confirmed a replica (replays excluded).',
    labelNames: ['memory_type'] as const,
  });

  readonly replicaUnregistrations: Counter<'memory_type'> = counter({
    name: 'tc_replica_unregister_total',
    help: 'Replicas deleted by UnregisterReplica or UnregisterReplicaByWorker.',
    labelNames: ['memory_type'] as const,
  });

  constructor() {
    // Every tier shows up from the first scrape, zero until something happens.
    for (const tier of MEMORY_TIERS) {
      this.replicaRegistrations.inc({ memory_type: tier }, 0);
      this.replicaUnregistrations.inc({ memory_type: tier }, 0);
    }
  }

  countReplicasWith(count: () => Promise<ReplicaCountsByTier>): void {
    this.countReplicas = count;
  }

  countAvailableReplicasWith(count: () => ReplicaCountsByTier): void {
    this.countAvailableReplicas = count;
  }

  private currentCounts(): Promise<ReplicaCountsByTier> {
    this.pendingCount ??= this.countReplicas()
      .then((counts) => (this.lastCounts = counts))
      .catch((error: unknown) => {
        // A scrape during shutdown must not fail /metrics: report the last known figures.
        this.logger.warn(`could not count replicas: ${String(error)}`);
        return this.lastCounts;
      })
      .finally(() => (this.pendingCount = undefined));
    return this.pendingCount;
  }
}

function emptyCounts(): ReplicaCountsByTier {
  return { GPU: 0, RAM: 0, DISK: 0 };
}
