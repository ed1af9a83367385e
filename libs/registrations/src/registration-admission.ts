import { Injectable } from '@nestjs/common';
import { DomainError, quoteClientValue } from '../../common/src';
import { WorkersService } from '../../workers/src';
import { RegistrationLeases } from './registration-leases';

/**
 * Who may open a registration now: the daemon that owns an active worker, while it holds
 * fewer than registrations.max_pending_per_daemon open ones (Begins still being written
 * count too, so concurrent Begins cannot overshoot the limit).
 */
@Injectable()
export class RegistrationAdmission {
  constructor(
    private readonly workers: WorkersService,
    private readonly leases: RegistrationLeases,
  ) {}

  /** Holds one of the daemon's places until `release`; throws when it may not begin. */
  admit(workerId: string, daemonId: string): void {
    this.requireOwnedActiveWorker(workerId, daemonId);
    this.leases.admit(daemonId);
  }

  /** Once the Begin's write has settled, committed or not. */
  release(daemonId: string): void {
    this.leases.releaseAdmission(daemonId);
  }

  private requireOwnedActiveWorker(workerId: string, daemonId: string): void {
    const worker = this.workers.getActiveWorker(workerId);
    if (!worker) {
      const known = this.workers.getWorker(workerId);
      throw new DomainError(
        known ? 'WORKER_INACTIVE' : 'WORKER_NOT_FOUND',
        known
          ? `worker_id: worker ${quoteClientValue(workerId)} is not active (re-register it first)`
          : `worker_id: no worker ${quoteClientValue(workerId)}`,
        'worker_id',
      );
    }
    if (worker.daemonId !== daemonId) {
      throw new DomainError(
        'WORKER_OWNED_BY_OTHER_DAEMON',
        `daemon_id: worker ${quoteClientValue(workerId)} belongs to daemon ${quoteClientValue(worker.daemonId)}, not ${quoteClientValue(daemonId)}`,
        'daemon_id',
      );
    }
  }
}
