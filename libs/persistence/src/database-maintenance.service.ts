import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { WAL_SIZE_LIMIT_BYTES } from './database';
import { IdempotencyStore } from './idempotency.store';
import { PersistenceMetrics } from './persistence.metrics';
import { fileSize } from './sqlite-file';
import { WriteQueue } from './write-queue';

/** How often the WAL's size is looked at: one stat(), cheap enough to do often. */
export const WAL_CHECK_INTERVAL_MS = 5_000;

/**
 * How long a maintenance checkpoint waits for a reader (an online backup) to move on. It runs
 * in the write queue's slot, so waiting longer would hold every write back.
 */
const CHECKPOINT_BUSY_TIMEOUT_MS = 100;

export type CheckpointReason = 'interval' | 'wal_size';

export interface CheckpointOutcome {
  /** False when a reader kept part of the WAL pinned; the next run finishes the job. */
  complete: boolean;
  walBytesBefore: number;
  walBytesAfter: number;
}

/**
 * Keeps the database healthy while the server runs: `PRAGMA optimize` and a truncating WAL
 * checkpoint every database.optimize_interval, an extra checkpoint whenever the WAL grows past
 * WAL_SIZE_LIMIT_BYTES (SQLite's own autocheckpoint never shrinks the file, and cannot finish
 * while a reader is pinned), and removal of expired idempotency records every
 * worker_policy.cleanup_interval. Everything runs through the write queue, between groups.
 */
@Injectable()
export class DatabaseMaintenance implements OnModuleDestroy {
  private readonly logger = new Logger('DatabaseMaintenance');
  private readonly timers: NodeJS.Timeout[] = [];
  private checkpointRunning: Promise<CheckpointOutcome> | undefined;
  private readonly dbFile: string | null;
  /** The WAL size that triggers an extra checkpoint; lowered by tests. */
  walLimitBytes = WAL_SIZE_LIMIT_BYTES;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly writes: WriteQueue,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: PersistenceMetrics,
  ) {
    this.dbFile = config.database.db_file;
    metrics.watch(this.dbFile, () => writes.depth);
  }

  /** Started after recovery, with the rest of the background work. */
  start(): void {
    if (this.timers.length > 0) return;
    // PRAGMA optimize and WAL checkpoints are SQLite's; PostgreSQL runs autovacuum and
    // ANALYZE itself.
    if (this.config.database.driver === 'sqlite') {
      this.every(this.config.database.optimize_interval, () => this.optimize());
    }
    if (this.dbFile !== null) this.every(WAL_CHECK_INTERVAL_MS, () => this.checkWalSize());
    this.every(this.config.worker_policy.cleanup_interval, () => this.purgeIdempotencyRecords());
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  async optimize(): Promise<void> {
    try {
      await this.writes.runMaintenance((manager) => manager.query('PRAGMA optimize'));
      this.metrics.maintenanceRuns.inc({ task: 'optimize', reason: 'interval', result: 'ok' });
    } catch (error) {
      this.metrics.maintenanceRuns.inc({ task: 'optimize', reason: 'interval', result: 'error' });
      this.logger.warn(`PRAGMA optimize failed: ${describe(error)}`);
    }
    if (this.dbFile !== null) await this.checkpoint('interval');
  }

  /** Checkpoints when the WAL has outgrown its limit; a no-op otherwise. */
  async checkWalSize(): Promise<CheckpointOutcome | undefined> {
    if (this.dbFile === null) return undefined;
    if (fileSize(`${this.dbFile}-wal`) <= this.walLimitBytes) return undefined;
    return this.checkpoint('wal_size');
  }

  /** PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the database and empties it. */
  checkpoint(reason: CheckpointReason): Promise<CheckpointOutcome> {
    this.checkpointRunning ??= this.runCheckpoint(reason).finally(() => {
      this.checkpointRunning = undefined;
    });
    return this.checkpointRunning;
  }

  async purgeIdempotencyRecords(): Promise<number> {
    try {
      const purged = await this.writes.run((tx) => this.idempotency.purgeExpired(tx));
      this.metrics.idempotencyPurged.inc(purged);
      this.metrics.maintenanceRuns.inc({
        task: 'idempotency_purge',
        reason: 'interval',
        result: 'ok',
      });
      if (purged > 0) this.logger.log(`purged ${purged} expired idempotency record(s)`);
      return purged;
    } catch (error) {
      this.metrics.maintenanceRuns.inc({
        task: 'idempotency_purge',
        reason: 'interval',
        result: 'error',
      });
      this.logger.warn(`idempotency cleanup failed: ${describe(error)}`);
      return 0;
    }
  }

  private async runCheckpoint(reason: CheckpointReason): Promise<CheckpointOutcome> {
    const wal = `${this.dbFile}-wal`;
    const walBytesBefore = fileSize(wal);
    try {
      const busy = await this.writes.runMaintenance(async (manager) => {
        const [previous] = await manager.query<{ timeout: number }[]>('PRAGMA busy_timeout');
        await manager.query(`PRAGMA busy_timeout = ${CHECKPOINT_BUSY_TIMEOUT_MS}`);
        try {
          const [result] = await manager.query<{ busy: number }[]>(
            'PRAGMA wal_checkpoint(TRUNCATE)',
          );
          return result.busy;
        } finally {
          await manager.query(`PRAGMA busy_timeout = ${previous.timeout}`);
        }
      });
      const outcome = { complete: busy === 0, walBytesBefore, walBytesAfter: fileSize(wal) };
      this.metrics.maintenanceRuns.inc({
        task: 'checkpoint',
        reason,
        result: outcome.complete ? 'ok' : 'busy',
      });
      const summary = `WAL checkpoint (${reason}): ${walBytesBefore} → ${outcome.walBytesAfter} bytes`;
      if (outcome.complete) this.logger.debug(summary);
      else
        this.logger.warn(
          `${summary}; a reader (an online backup?) kept part of it, retrying later`,
        );
      return outcome;
    } catch (error) {
      this.metrics.maintenanceRuns.inc({ task: 'checkpoint', reason, result: 'error' });
      this.logger.warn(`WAL checkpoint (${reason}) failed: ${describe(error)}`);
      return { complete: false, walBytesBefore, walBytesAfter: fileSize(wal) };
    }
  }

  private every(intervalMs: number, task: () => Promise<unknown>): void {
    let running = false;
    // setInterval treats anything above 2^31-1 ms as 1 ms.
    const period = Math.min(intervalMs, 2 ** 31 - 1);
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void task().finally(() => {
        running = false;
      });
    }, period);
    timer.unref();
    this.timers.push(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
