import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CLOCK, Clock } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import {
  MEMORY_TYPE_NUMBER,
  ReplicaLifecycleListener,
  ReplicaRecord,
  ReplicaStore,
} from '../../artifacts/src';
import { WriteTransaction } from '../../persistence/src';
import { DeactivationReason, WorkerLifecycleListener, WorkersService } from '../../workers/src';
import { ChunkDeleteReason, ChunkGroup, ChunkRows, chunkGroupKey } from './chunk-rows';

/**
 * When chunk rows go: a (worker, artifact) group is deleted when the worker goes inactive,
 * when its last GPU replica of the artifact is deleted, or after orphan_ttl hidden (its
 * worker inactive or holding no available GPU replica of the artifact).
 */
@Injectable()
export class ChunkDirectoryCleanup
  implements OnModuleInit, OnModuleDestroy, ReplicaLifecycleListener, WorkerLifecycleListener
{
  private readonly logger = new Logger('ChunkDirectory');
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rows: ChunkRows,
    private readonly replicas: ReplicaStore,
    private readonly workers: WorkersService,
  ) {}

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

  /** In the transaction deleting a GPU replica: its worker's last one takes the rows along. */
  async replicaDeleting(tx: WriteTransaction, replica: ReplicaRecord): Promise<void> {
    if (replica.memoryType !== MEMORY_TYPE_NUMBER.GPU) return;
    if (!this.rows.hasGroup(replica.workerId, replica.artifactId)) return;
    const remaining = this.replicas.countGpuReplicas(tx, replica.workerId, replica.artifactId);
    if (remaining > 0) return;
    await this.rows.deleteGroupIn(tx, replica, 'replica_deleted');
  }

  /** A worker that unregisters or times out takes its chunk rows with it. */
  async workerDeactivated(workerId: string, _reason: DeactivationReason): Promise<void> {
    if (!this.rows.hasWorker(workerId)) return;
    await this.rows.deleteOfWorker(workerId, 'worker_inactive');
  }

  /**
   * Every cleanup_interval: groups of inactive workers go (a deactivation whose own cleanup
   * was lost to a crash); hidden groups start their orphan_ttl; those hidden past it go.
   */
  async sweepOrphans(): Promise<number> {
    if (this.rows.isEmpty) return 0;
    const now = this.clock.now();
    const holders = this.replicas.availableGpuHolders();
    const doomed: (ChunkGroup & { reason: ChunkDeleteReason })[] = [];
    for (const [workerId, artifactIds] of this.rows.byWorker()) {
      const known = this.workers.getWorker(workerId);
      const active = this.workers.getActiveWorker(workerId) !== undefined;
      for (const artifactId of artifactIds) {
        if (!known || known.inactive) {
          doomed.push({ workerId, artifactId, reason: 'worker_inactive' });
          continue;
        }
        if (active && holders.has(chunkGroupKey(workerId, artifactId))) {
          this.rows.markVisible(workerId, artifactId);
          continue;
        }
        const since = this.rows.hiddenSinceOf(workerId, artifactId, now);
        if (now - since >= this.config.chunk_directory.orphan_ttl) {
          doomed.push({ workerId, artifactId, reason: 'orphaned' });
        }
      }
    }
    if (doomed.length === 0) return 0;
    await this.rows.deleteGroups(doomed);
    return doomed.length;
  }
}
