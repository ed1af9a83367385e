import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CLOCK, Clock } from '../../common/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { OpenRegistration, RegistrationLeases } from './registration-leases';
import { deleteEndedBefore, endIfOpen } from './registration-records';

const SWEEP_TICK_MS = 100;
const EXPIRY_RETRY_MS = 1000;
/** Ended registrations stay readable (Commit replays, error answers) this long. */
export const ENDED_RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Lease expiry: the sweep that marks run-out registrations EXPIRED (one transaction per
 * batch; memory follows the commit) and purges ended rows past their retention.
 */
@Injectable()
export class RegistrationExpiryService implements OnModuleDestroy {
  private readonly logger = new Logger('Registrations');
  private sweepTimer: NodeJS.Timeout | undefined;
  private lastPurgeAt = -Infinity;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly leases: RegistrationLeases,
  ) {}

  startBackgroundWork(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep(), SWEEP_TICK_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** Expires every registration whose lease ran out; run by the timer and by tests. */
  async sweep(): Promise<number> {
    const expired = this.leases.popExpired();
    if (expired.length > 0) await this.expire(expired).catch(() => undefined);
    const now = this.clock.now();
    if (now - this.lastPurgeAt >= PURGE_EVERY_MS) {
      this.lastPurgeAt = now;
      await this.purgeEnded().catch((error: unknown) =>
        this.logger.warn(`purge of ended registrations failed: ${String(error)}`),
      );
    }
    return expired.length;
  }

  /** Ended registrations older than the retention; they no longer answer Commit replays. */
  async purgeEnded(): Promise<number> {
    return this.writes.run((tx) => deleteEndedBefore(tx, this.clock.now() - ENDED_RETENTION_MS));
  }

  /** Marks it EXPIRED in the caller's transaction if it is still open at `epoch`. */
  async expireInTransaction(tx: WriteTransaction, id: string, epoch: number): Promise<void> {
    if (await endIfOpen(tx, id, epoch, 'EXPIRED', 'expired', this.clock.now())) {
      tx.afterCommit(() => this.leases.remove(id));
    }
  }

  /** Marks registrations EXPIRED durably (one transaction for the batch); memory follows. */
  async expire(registrations: readonly OpenRegistration[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const batch: OpenRegistration[] = [];
    for (const registration of registrations) {
      if (registration.expiring) waits.push(registration.expiring);
      else batch.push(registration);
    }
    if (batch.length > 0) {
      const write = this.writes.run(async (tx) => {
        for (const { id, epoch } of batch) await this.expireInTransaction(tx, id, epoch);
      });
      const settled = write.then(
        () => undefined,
        (error: unknown) => {
          this.logger.error(
            `could not mark ${batch.length} registration(s) expired: ${String(error)}`,
          );
          for (const registration of batch) {
            registration.expiring = undefined;
            this.leases.retryExpiry(registration, EXPIRY_RETRY_MS);
          }
          throw error;
        },
      );
      for (const registration of batch) registration.expiring = settled.catch(() => undefined);
      waits.push(settled);
    }
    await Promise.all(waits);
  }
}
