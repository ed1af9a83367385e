import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CLOCK,
  Clock,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import {
  MEMORY_TYPE_NUMBER,
  ReplicaRecord,
  ReplicaLifecycleListener,
  ReplicaStore,
} from '../../artifacts/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { DeactivationReason, WorkerLifecycleListener, WorkersService } from '../../workers/src';
import {
  deleteChunkGroup,
  deleteChunkRowsOfWorker,
  loadChunkRows,
  upsertChunkRows,
} from './chunk-row-records';
import {
  CHUNK_STATE_EVICTED,
  ChunkLocationView,
  compareChunkLocations,
  parseChunkState,
} from './chunk-states';
import { ChunkDirectoryMetrics } from './chunk-directory.metrics';

export interface ChunkStateUpdateInput {
  artifactId: string;
  chunkIdx: number;
  state: unknown;
  deviceUuid: string;
  replica: number;
}

export interface BatchUpdateInput {
  workerId: string;
  nodeId: string;
  updates: readonly ChunkStateUpdateInput[];
}

export type BatchUpdateResult = { found: false } | { found: true; applied: number };

interface MemoryRow {
  artifactId: string;
  deviceUuid: string;
  replica: number;
  chunkIdx: number;
  nodeId: string;
  workerId: string;
  state: number;
  updatedAt: number;
}

type DeleteReason = 'worker_inactive' | 'replica_deleted' | 'orphaned';

function rowKey(row: Pick<MemoryRow, 'deviceUuid' | 'replica' | 'chunkIdx' | 'nodeId'>): string {
  return `${row.deviceUuid}\0${row.replica}\0${row.chunkIdx}\0${row.nodeId}`;
}

function groupKey(workerId: string, artifactId: string): string {
  return `${workerId}\0${artifactId}`;
}

/**
 * The chunk directory: which GPU chunks each daemon holds, in what state. Rows belong to a
 * (worker, artifact) group and are visible only while that worker is active and holds an
 * available GPU replica of the artifact; a group is deleted when the worker goes inactive,
 * when its last GPU replica of the artifact is deleted, or after orphan_ttl hidden.
 *
 * All rows live in memory (what QueryChunkLocations reads); the database is their durable
 * copy. A report that repeats a row's state costs no write: daemons resend their whole
 * inventory every 10 s, and the directory would otherwise rewrite it every time.
 */
@Injectable()
export class ChunkDirectoryService
  implements OnModuleInit, OnModuleDestroy, ReplicaLifecycleListener, WorkerLifecycleListener
{
  private readonly logger = new Logger('ChunkDirectory');
  /** artifact_id → row key → row. */
  private readonly rowsByArtifact = new Map<string, Map<string, MemoryRow>>();
  /** (worker, artifact) → row keys of that group inside rowsByArtifact. */
  private readonly groups = new Map<string, Set<string>>();
  private readonly artifactsByWorker = new Map<string, Set<string>>();
  /** Groups seen hidden by the sweep, with when they were first seen so. */
  private readonly hiddenSince = new Map<string, number>();
  private rowCount = 0;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly replicas: ReplicaStore,
    private readonly workers: WorkersService,
    private readonly metrics: ChunkDirectoryMetrics,
  ) {
    metrics.countRowsWith(() => this.rowCount);
  }

  onModuleInit(): void {
    this.replicas.addLifecycleListener(this);
    this.workers.onWorkerDeactivated(this);
  }

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** The orphan sweep runs on the server's cleanup clock (worker_policy.cleanup_interval). */
  startBackgroundWork(): void {
    this.sweepTimer ??= setInterval(() => {
      this.sweepOrphans().catch((error: unknown) =>
        this.logger.error(`chunk directory sweep failed: ${String(error)}`),
      );
    }, this.config.worker_policy.cleanup_interval);
    this.sweepTimer.unref();
  }

  /**
   * Startup: every row comes back. Replicas are unavailable until re-confirmed, so every
   * group starts hidden, and its orphan_ttl counts from now (the outage was ours).
   */
  async recover(): Promise<{ rows: number }> {
    const rows = await loadChunkRows(this.dataSource.manager);
    const now = this.clock.now();
    for (const row of rows) this.remember({ ...row });
    for (const key of this.groups.keys()) this.hiddenSince.set(key, now);
    return { rows: rows.length };
  }

  get rowsTotal(): number {
    return this.rowCount;
  }

  async batchUpdate(input: BatchUpdateInput): Promise<BatchUpdateResult> {
    // Rule 1: an empty batch is a no-op that needs no identity (a daemon with nothing resident).
    if (input.updates.length === 0) return { found: true, applied: 0 };
    const workerId = requireNonEmpty('worker_id', input.workerId);
    const nodeId = requireNonEmpty('node_id', input.nodeId);
    const parsed = input.updates.map((update, i) => ({
      artifactId: requireNonEmpty(`updates[${i}].artifact_id`, update.artifactId),
      chunkIdx: update.chunkIdx,
      state: parseChunkState(`updates[${i}].state`, update.state),
      deviceUuid: optionalString(`updates[${i}].device_uuid`, update.deviceUuid),
      replica: update.replica,
    }));
    const worker = this.workers.getActiveWorker(workerId);
    if (!worker) return { found: false };
    if (worker.nodeId !== nodeId) {
      throw new InvalidArgumentError(
        'node_id',
        `"${nodeId}" is not the node of worker ${workerId} ("${worker.nodeId}")`,
      );
    }
    const now = this.clock.now();
    // Last write wins, within the batch too.
    const latest = new Map<string, MemoryRow>();
    for (const update of parsed) {
      const row: MemoryRow = { ...update, nodeId, workerId, updatedAt: now };
      latest.set(`${row.artifactId}\0${rowKey(row)}`, row);
    }
    const changed = [...latest.values()].filter((row) => {
      const current = this.rowsByArtifact.get(row.artifactId)?.get(rowKey(row));
      return !current || current.state !== row.state || current.workerId !== row.workerId;
    });
    if (changed.length > 0) {
      await this.writes.run(async (tx) => {
        await upsertChunkRows(tx, changed);
        tx.afterCommit(() => {
          for (const row of changed) this.remember(row);
          this.metrics.rowsWritten.inc(changed.length);
        });
      });
    }
    this.metrics.updatesApplied.inc(input.updates.length);
    return { found: true, applied: input.updates.length };
  }

  async queryLocations(
    artifactIdInput: string,
    chunkIndices: readonly number[],
  ): Promise<ChunkLocationView[]> {
    const artifactId = requireNonEmpty('artifact_id', artifactIdInput);
    const rows = this.rowsByArtifact.get(artifactId);
    if (!rows || rows.size === 0) return [];
    const holders = this.replicas.availableGpuHolders([artifactId]);
    const wanted = chunkIndices.length > 0 ? new Set(chunkIndices) : undefined;
    const visibleWorkers = new Map<string, { nodeAddress: string; p2pPort: number } | null>();
    const visibleWorker = (workerId: string) => {
      if (!visibleWorkers.has(workerId)) {
        const worker = this.workers.getActiveWorker(workerId);
        visibleWorkers.set(
          workerId,
          worker && holders.has(groupKey(workerId, artifactId)) ? worker : null,
        );
      }
      return visibleWorkers.get(workerId) ?? null;
    };
    const locations: ChunkLocationView[] = [];
    for (const row of rows.values()) {
      if (row.state === CHUNK_STATE_EVICTED) continue;
      if (wanted && !wanted.has(row.chunkIdx)) continue;
      const worker = visibleWorker(row.workerId);
      if (!worker) continue;
      locations.push({
        chunkIdx: row.chunkIdx,
        nodeId: row.nodeId,
        nodeAddress: worker.nodeAddress,
        p2pPort: worker.p2pPort,
        state: row.state,
        nodeLoadRatio: 0,
        deviceUuid: row.deviceUuid,
        replica: row.replica,
      });
    }
    return locations.sort(compareChunkLocations);
  }

  /** In the transaction deleting a GPU replica: its worker's last one takes the rows along. */
  async replicaDeleting(tx: WriteTransaction, replica: ReplicaRecord): Promise<void> {
    if (replica.memoryType !== MEMORY_TYPE_NUMBER.GPU) return;
    const key = groupKey(replica.workerId, replica.artifactId);
    if (!this.groups.has(key)) return;
    const remaining = this.replicas.countGpuReplicas(tx, replica.workerId, replica.artifactId);
    if (remaining > 0) return;
    await deleteChunkGroup(tx, replica.workerId, replica.artifactId);
    tx.afterCommit(() => this.forgetGroup(replica.workerId, replica.artifactId, 'replica_deleted'));
  }

  /** A worker that unregisters or times out takes its chunk rows with it. */
  async workerDeactivated(workerId: string, _reason: DeactivationReason): Promise<void> {
    if (!this.artifactsByWorker.has(workerId)) return;
    await this.writes.run(async (tx) => {
      await deleteChunkRowsOfWorker(tx, workerId);
      tx.afterCommit(() => {
        for (const artifactId of [...(this.artifactsByWorker.get(workerId) ?? [])]) {
          this.forgetGroup(workerId, artifactId, 'worker_inactive');
        }
      });
    });
  }

  /**
   * Every cleanup_interval: groups of inactive workers go (a deactivation whose own cleanup
   * was lost to a crash); hidden groups start their orphan_ttl; those hidden past it go.
   */
  async sweepOrphans(): Promise<number> {
    if (this.groups.size === 0) return 0;
    const now = this.clock.now();
    const holders = this.replicas.availableGpuHolders();
    const doomed: { workerId: string; artifactId: string; reason: DeleteReason }[] = [];
    for (const [workerId, artifactIds] of this.artifactsByWorker) {
      const known = this.workers.getWorker(workerId);
      const active = this.workers.getActiveWorker(workerId) !== undefined;
      for (const artifactId of artifactIds) {
        const key = groupKey(workerId, artifactId);
        if (!known || known.inactive) {
          doomed.push({ workerId, artifactId, reason: 'worker_inactive' });
          continue;
        }
        if (active && holders.has(key)) {
          this.hiddenSince.delete(key);
          continue;
        }
        const since = this.hiddenSince.get(key) ?? now;
        this.hiddenSince.set(key, since);
        if (now - since >= this.config.chunk_directory.orphan_ttl) {
          doomed.push({ workerId, artifactId, reason: 'orphaned' });
        }
      }
    }
    if (doomed.length === 0) return 0;
    await this.writes.run(async (tx) => {
      for (const { workerId, artifactId } of doomed) {
        await deleteChunkGroup(tx, workerId, artifactId);
      }
      tx.afterCommit(() => {
        for (const group of doomed)
          this.forgetGroup(group.workerId, group.artifactId, group.reason);
      });
    });
    return doomed.length;
  }

  private remember(row: MemoryRow): void {
    let rows = this.rowsByArtifact.get(row.artifactId);
    if (!rows) {
      rows = new Map();
      this.rowsByArtifact.set(row.artifactId, rows);
    }
    const key = rowKey(row);
    const previous = rows.get(key);
    if (previous && previous.workerId !== row.workerId) {
      this.groups.get(groupKey(previous.workerId, row.artifactId))?.delete(key);
    }
    if (!previous) this.rowCount += 1;
    rows.set(key, row);
    const gk = groupKey(row.workerId, row.artifactId);
    let group = this.groups.get(gk);
    if (!group) {
      group = new Set();
      this.groups.set(gk, group);
      let artifacts = this.artifactsByWorker.get(row.workerId);
      if (!artifacts) {
        artifacts = new Set();
        this.artifactsByWorker.set(row.workerId, artifacts);
      }
      artifacts.add(row.artifactId);
    }
    group.add(key);
  }

  private forgetGroup(workerId: string, artifactId: string, reason: DeleteReason): void {
    const gk = groupKey(workerId, artifactId);
    const keys = this.groups.get(gk);
    this.groups.delete(gk);
    this.hiddenSince.delete(gk);
    const artifacts = this.artifactsByWorker.get(workerId);
    artifacts?.delete(artifactId);
    if (artifacts?.size === 0) this.artifactsByWorker.delete(workerId);
    if (!keys) return;
    const rows = this.rowsByArtifact.get(artifactId);
    let removed = 0;
    for (const key of keys) {
      if (rows?.get(key)?.workerId === workerId) {
        rows.delete(key);
        removed += 1;
      }
    }
    if (rows?.size === 0) this.rowsByArtifact.delete(artifactId);
    this.rowCount -= removed;
    this.metrics.rowsDeleted.inc({ reason }, removed);
  }
}
