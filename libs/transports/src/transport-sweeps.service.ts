import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CLOCK, Clock } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { WriteQueue } from '../../persistence/src';
import { TransportLedger } from './transport-ledger';
import { TransportQueue } from './transport-queue';
import { deleteCompletedBefore } from './transport-records';
import { expiryThresholdMs } from './transport-rules';

/** Expiry and retention of transports, on the server's cleanup clock. */
@Injectable()
export class TransportSweeps implements OnModuleDestroy {
  private readonly logger = new Logger('Transports');
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly ledger: TransportLedger,
    private readonly queue: TransportQueue,
  ) {}

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /**
   * The sweep every worker_policy.cleanup_interval, and the queue's re-check tick.
   */
  startBackgroundWork(): void {
    this.sweepTimer ??= setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.error(`transport sweep failed: ${String(error)}`),
      );
    }, this.config.worker_policy.cleanup_interval);
    this.queue.startRequeueTick();
    this.sweepTimer.unref();
  }

  /**
   * Every cleanup_interval: in progress past max(60 s, 10 × cleanup_interval) → EXPIRED;
   * completed rows past transports.retention deleted; queued requests of requesters that
   * went inactive cancelled; idle groups forgotten.
   */
  async sweep(): Promise<{ expired: number; purged: number }> {
    const now = this.clock.now();
    const threshold = expiryThresholdMs(this.config.worker_policy.cleanup_interval);
    const stale = this.ledger.inProgressList().filter((t) => now - t.createdAt > threshold);
    let expired = 0;
    if (stale.length > 0) {
      await this.writes.run(async (tx) => {
        for (const t of stale) {
          if (
            await this.ledger.finish(tx, t, 'expired', `in progress for more than ${threshold} ms`)
          ) {
            expired += 1;
          }
        }
      });
    }
    const cutoff = now - this.config.transports.retention;
    const purged = await this.writes.run((tx) => deleteCompletedBefore(tx, cutoff));
    this.queue.cancelQueuedOfGoneRequesters();
    this.ledger.forgetIdleGroups(cutoff);
    return { expired, purged };
  }
}
