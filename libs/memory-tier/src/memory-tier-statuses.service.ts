import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { WriteQueue } from '../../persistence/src';
import { EpochWindow } from './epoch-window';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';
import { MemoryTierMetrics } from './memory-tier.metrics';
import { MemoryTierStore } from './memory-tier.store';
import { nsFromMs, parseNanos, uint64Text } from './nanos';

export interface StatusInput {
  nodeId: string;
  workerId: string;
  stableTotalBytes: string;
  stableUsedBytes: string;
  preemptibleTotalBytes: string;
  preemptibleMarkedBytes: string;
  faultsPerSec: number;
  rehydrateP99Ns: string;
  enablePreemptible: boolean;
  configJson: string;
  epochNs: string;
}

interface NodeSnapshots {
  latest: MemoryTierStatusEntity;
  /** Our clock (ms) when the node last published. */
  lastHeardAt: number;
  /** The newest snapshot_max_rows epochs; absent when that limit is off. */
  window: EpochWindow | undefined;
}

const FLUSH_TICK_MS = 1000;
const MAX_CONFIG_JSON = 64 * 1024;

/**
 * PublishMemoryTierStatus and ListMemoryTierStatuses. A snapshot is telemetry a daemon sends
 * every heartbeat, so, like heartbeat times, it lands in memory at once (the newest per node
 * is what listings and gauges read) and reaches the database in batches through the write
 * queue, once a second and at shutdown, together with the pruning the retention rules call
 * for. A crash loses at most the last second of snapshots; the daemon sends a new one 5 s later.
 */
@Injectable()
export class MemoryTierStatusesService implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('MemoryTierStatuses');
  private readonly nodes = new Map<string, NodeSnapshots>();
  /** Snapshots not yet written, by node_id and epoch_ns. */
  private readonly unwritten = new Map<string, MemoryTierStatusEntity>();
  /** Per node: delete its snapshots older than this at the next flush. */
  private readonly cutoffs = new Map<string, bigint>();
  /** Nodes silent for longer than snapshot_retention: all their snapshots go. */
  private readonly forgotten = new Set<string>();
  private readonly retentionNs: bigint;
  private readonly maxRows: number;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly store: MemoryTierStore,
    private readonly metrics: MemoryTierMetrics,
  ) {
    this.retentionNs = nsFromMs(config.memory_tier.snapshot_retention);
    this.maxRows = config.memory_tier.snapshot_max_rows;
    metrics.readStatusesFrom(() => this.newest());
  }

  startBackgroundWork(): void {
    this.timer ??= setInterval(() => void this.sweep(), FLUSH_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flushing?.catch(() => undefined);
    await this.flush().catch((error: unknown) =>
      this.logger.warn(`final memory-tier snapshot flush failed: ${String(error)}`),
    );
  }

  /**
   * Startup: the newest snapshot of every node, and the epochs the row limit needs. Nodes
   * count as heard from now: the outage was ours, not theirs.
   */
  async recover(): Promise<{ nodes: number }> {
    const now = this.clock.now();
    for (const latest of await this.store.loadLatestStatuses()) {
      this.nodes.set(latest.nodeId, { latest, lastHeardAt: now, window: this.newWindow() });
    }
    if (this.maxRows > 0) {
      for (const { nodeId, epochNs } of await this.store.loadStatusEpochs()) {
        this.nodes.get(nodeId)?.window?.add(epochNs);
      }
    }
    // Limits may have been lowered since the rows were written.
    for (const [nodeId, node] of this.nodes) this.applyRetention(nodeId, node);
    return { nodes: this.nodes.size };
  }

  /** Memory only; the snapshot is written by the next flush. */
  publish(status: StatusInput | null): void {
    if (!status) throw new InvalidArgumentError('status', 'is required');
    const nodeId = requireNonEmpty('status.node_id', status.nodeId);
    const faultsPerSec = status.faultsPerSec;
    if (!Number.isFinite(faultsPerSec) || faultsPerSec < 0) {
      throw new InvalidArgumentError(
        'status.faults_per_sec',
        `must be a finite number >= 0 (got ${faultsPerSec})`,
      );
    }
    const row = Object.assign(new MemoryTierStatusEntity(), {
      nodeId,
      epochNs: parseNanos('status.epoch_ns', status.epochNs),
      workerId: optionalString('status.worker_id', status.workerId),
      stableTotalBytes: uint64Text('status.stable_total_bytes', status.stableTotalBytes),
      stableUsedBytes: uint64Text('status.stable_used_bytes', status.stableUsedBytes),
      preemptibleTotalBytes: uint64Text(
        'status.preemptible_total_bytes',
        status.preemptibleTotalBytes,
      ),
      preemptibleMarkedBytes: uint64Text(
        'status.preemptible_marked_bytes',
        status.preemptibleMarkedBytes,
      ),
      faultsPerSec,
      rehydrateP99Ns: uint64Text('status.rehydrate_p99_ns', status.rehydrateP99Ns),
      enablePreemptible: status.enablePreemptible,
      configJson: parseConfigJson(status.configJson),
      receivedAt: this.clock.now(),
    } satisfies MemoryTierStatusEntity);
    if (row.epochNs === 0n) row.epochNs = nsFromMs(row.receivedAt);

    const key = snapshotKey(nodeId, row.epochNs);
    let node = this.nodes.get(nodeId);
    if (row.workerId === '') {
      // A repeat without worker_id keeps the one recorded for that snapshot.
      const earlier =
        this.unwritten.get(key) ?? (node?.latest.epochNs === row.epochNs ? node.latest : undefined);
      if (earlier) row.workerId = earlier.workerId;
    }
    if (!node) {
      node = { latest: row, lastHeardAt: row.receivedAt, window: this.newWindow() };
      this.nodes.set(nodeId, node);
    } else {
      node.lastHeardAt = row.receivedAt;
      if (row.epochNs >= node.latest.epochNs) node.latest = row;
    }
    const kept = node.window?.add(row.epochNs) ?? true;
    const cutoff = this.applyRetention(nodeId, node);
    if (kept && (cutoff === undefined || row.epochNs >= cutoff)) this.unwritten.set(key, row);
    this.metrics.publishes.inc();
  }

  /** The newest snapshot per node, by node_id; node_id filters. */
  list(nodeIdInput: string): MemoryTierStatusEntity[] {
    const nodeId = optionalString('node_id', nodeIdInput);
    if (nodeId !== '') {
      const node = this.nodes.get(nodeId);
      return node ? [node.latest] : [];
    }
    return [...this.nodes.values()]
      .map((n) => n.latest)
      .sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  }

  /** Forgets nodes silent for longer than snapshot_retention, then flushes. Timer and tests. */
  async sweep(): Promise<void> {
    if (this.retentionNs > 0n) {
      const silentBefore = this.clock.now() - this.config.memory_tier.snapshot_retention;
      for (const [nodeId, node] of this.nodes) {
        if (node.lastHeardAt < silentBefore) this.forget(nodeId);
      }
    }
    await this.flush().catch((error: unknown) =>
      this.logger.warn(`memory-tier snapshot flush failed (will retry): ${String(error)}`),
    );
  }

  /** Writes the snapshots and prunes accumulated since the last flush, in one transaction. */
  async flush(): Promise<void> {
    // One at a time: under a write backlog a second flush would only queue behind the first.
    if (this.flushing) return this.flushing;
    if (this.unwritten.size === 0 && this.cutoffs.size === 0 && this.forgotten.size === 0) return;
    this.flushing = this.writeBatch().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    const rows = [...this.unwritten.values()];
    const cutoffs = new Map(this.cutoffs);
    const forgotten = [...this.forgotten];
    this.unwritten.clear();
    this.cutoffs.clear();
    this.forgotten.clear();
    try {
      await this.writes.run(async (tx) => {
        // Forgotten nodes first: one that published again since is in rows and survives.
        await this.store.deleteStatusesOfNodes(tx, forgotten);
        await this.store.upsertStatuses(tx, rows);
        await this.store.pruneStatuses(tx, cutoffs);
      });
    } catch (error) {
      for (const row of rows) {
        const key = snapshotKey(row.nodeId, row.epochNs);
        if (!this.unwritten.has(key) && this.nodes.has(row.nodeId)) this.unwritten.set(key, row);
      }
      for (const [nodeId, cutoff] of cutoffs) this.raiseCutoff(nodeId, cutoff);
      for (const nodeId of forgotten) if (!this.nodes.has(nodeId)) this.forgotten.add(nodeId);
      throw error;
    }
  }

  /**
   * Per node, rows older than snapshot_retention before the newest, and beyond the newest
   * snapshot_max_rows, are to be deleted: both rules come down to one epoch cutoff.
   */
  private applyRetention(nodeId: string, node: NodeSnapshots): bigint | undefined {
    let cutoff: bigint | undefined;
    if (this.retentionNs > 0n && node.latest.epochNs > this.retentionNs) {
      cutoff = node.latest.epochNs - this.retentionNs;
    }
    const window = node.window;
    if (window?.full) {
      const oldest = window.oldest()!;
      if (cutoff === undefined || oldest > cutoff) cutoff = oldest;
    }
    if (cutoff !== undefined) {
      window?.dropBefore(cutoff);
      this.raiseCutoff(nodeId, cutoff);
    }
    return cutoff;
  }

  private raiseCutoff(nodeId: string, cutoff: bigint): void {
    const previous = this.cutoffs.get(nodeId);
    if (previous === undefined || cutoff > previous) this.cutoffs.set(nodeId, cutoff);
  }

  private forget(nodeId: string): void {
    this.nodes.delete(nodeId);
    this.cutoffs.delete(nodeId);
    for (const [key, row] of this.unwritten) if (row.nodeId === nodeId) this.unwritten.delete(key);
    this.forgotten.add(nodeId);
  }

  private *newest(): Iterable<MemoryTierStatusEntity> {
    for (const node of this.nodes.values()) yield node.latest;
  }

  private newWindow(): EpochWindow | undefined {
    return this.maxRows > 0 ? new EpochWindow(this.maxRows) : undefined;
  }
}

function snapshotKey(nodeId: string, epochNs: bigint): string {
  return `${nodeId}\u0000${epochNs}`;
}

function parseConfigJson(value: string): string {
  const text = value.trim();
  if (text === '') return '{}';
  if (text.length > MAX_CONFIG_JSON) {
    throw new InvalidArgumentError(
      'status.memory_tier_config_json',
      `is longer than ${MAX_CONFIG_JSON} characters`,
    );
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(
      'status.memory_tier_config_json',
      `is not valid JSON (${(error as Error).message})`,
    );
  }
  return text;
}
