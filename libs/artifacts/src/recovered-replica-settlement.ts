import { Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { WriteQueueClosedError } from '../../persistence/src';
import { ReplicaStore } from './replica-store';

/**
 * Replicas per commit group of the settlement: a group writes about this many rows
 * unavailable and hashes them once, a few milliseconds that the RPC writes grouped with it
 * wait for, so RegisterReplica and reconcile storms after a restart are barely held up.
 */
const SETTLE_BATCH_REPLICAS = 2_000;

/** Before the first batch: the restarted fleet's first re-registrations go first. */
const SETTLE_START_DELAY_MS = 250;

/**
 * After SERVING, settles every recovered worker (ReplicaStore's class comment): its replica
 * rows that memory holds as unavailable are written so and its checksum stored, a few
 * workers per commit group, and then the server_meta fact that said the rows were unsettled
 * is removed. This used to be one UPDATE of every replica row and a checksum per worker
 * before SERVING (about 5 s at a million replicas); nothing the RPCs answer depends on it,
 * since memory is right from the start. A crash or kill part-way leaves a file whose settled
 * workers are right and whose others are as before the restart (each worker's rows and
 * checksum agree either way), still flagged as unsettled; the next start settles it again.
 */
@Injectable()
export class RecoveredReplicaSettlement implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('ReplicaSettlement');
  private stopped = false;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly replicas: ReplicaStore) {}

  /** Starts the settlement once (a no-op after it was started). */
  start(delayMs = SETTLE_START_DELAY_MS): void {
    if (this.timer || this.running || this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.settleAll().catch((error: unknown) => {
        if (error instanceof WriteQueueClosedError || this.stopped) return;
        this.logger.error(`settling recovered replicas failed: ${String(error)}`);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Settles whatever is unsettled now, then clears the fact; resolves when done. */
  async settleAll(): Promise<void> {
    const started = performance.now();
    let workers = 0;
    let replicas = 0;
    do {
      let batch: string[] = [];
      let batchReplicas = 0;
      for (const workerId of this.replicas.unsettledWorkers()) {
        if (this.stopped) return;
        batch.push(workerId);
        batchReplicas += this.replicas.committedCountOfWorker(workerId);
        if (batchReplicas >= SETTLE_BATCH_REPLICAS) {
          await this.replicas.settleRecoveredWorkers(batch);
          workers += batch.length;
          replicas += batchReplicas;
          batch = [];
          batchReplicas = 0;
          await yieldToIo();
        }
      }
      if (batch.length > 0) await this.replicas.settleRecoveredWorkers(batch);
      workers += batch.length;
      replicas += batchReplicas;
    } while (!this.stopped && !(await this.replicas.finishSettlement()));
    if (workers > 0) {
      this.logger.log(
        `settled ${workers} recovered worker(s), ${replicas} replica row(s), in ` +
          `${Math.round(performance.now() - started)} ms after SERVING`,
      );
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }
}
