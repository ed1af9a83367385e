import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
  quoteClientValue,
} from '../../common/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { DeactivationReason, WorkersService } from '../../workers/src';
import { RegistrationGate } from './registration-gate';
import { LeaseView, OpenRegistration, RegistrationLeases } from './registration-leases';
import { endIfOpen, findRegistration, notOpenError } from './registration-records';
import { RegistrationsMetrics } from './registrations.metrics';

export type RevokeTarget =
  { registrationId: string } | { workerId: string } | { daemonId: string } | Record<string, never>;

export interface RegistrationFilter {
  daemonId?: string;
  workerId?: string;
}

/**
 * Registration leases once begun: Keepalive, Abort, Revoke (by an operator or because the
 * worker went away) and List. Begin, Feed, Commit, expiry and recovery each have a service of
 * their own. Every state change is a fenced write through the write queue, committed before
 * the RPC answers; memory (RegistrationLeases) follows only after the commit. Keepalive
 * touches memory only.
 */
@Injectable()
export class RegistrationsService implements OnModuleInit {
  private readonly logger = new Logger('Registrations');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly workers: WorkersService,
    private readonly leases: RegistrationLeases,
    private readonly gate: RegistrationGate,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  onModuleInit(): void {
    this.workers.onWorkerDeactivated({
      workerDeactivated: (workerId: string, reason: DeactivationReason) =>
        this.revokeOfWorker(
          workerId,
          reason === 'timeout' ? 'worker timed out' : 'worker unregistered',
        ),
    });
  }

  /** Memory only: no disk write on the success path. */
  async keepalive(
    registrationId: string,
    ownerPid: number,
    ttlMs: number | undefined,
  ): Promise<LeaseView> {
    const id = requireNonEmpty('registration_id', registrationId);
    const registration = this.leases.get(id);
    if (!registration) throw await this.gate.whyNotOpen(id);
    if (registration.ownerPid !== ownerPid) {
      throw new DomainError(
        'REGISTRATION_NOT_OWNER',
        `owner_pid: registration ${quoteClientValue(id)} is held by pid ${registration.ownerPid}, not ${quoteClientValue(ownerPid)}`,
        'owner_pid',
      );
    }
    if (this.leases.isExpired(registration)) throw await this.gate.expireNow(registration);
    this.leases.extend(registration, this.leases.grantTtl(ttlMs, registration.ttlMs));
    this.metrics.keepalives.inc();
    return this.leases.leaseOf(registration);
  }

  /** The owner gives up. Repeating it, or aborting an expired or revoked one, is a no-op. */
  async abort(registrationId: string, reason: string): Promise<void> {
    const id = requireNonEmpty('registration_id', registrationId);
    const why = optionalString('reason', reason) || 'aborted by its owner';
    const live = this.leases.get(id);
    if (live && this.leases.isExpired(live)) {
      await this.gate.expireNow(live);
      return;
    }
    await this.writes.run(async (tx) => {
      const row = await findRegistration(tx.manager, id);
      if (!row) throw notOpenError(null, id);
      if (row.state === 'COMMITTED') throw notOpenError(row, id);
      if (row.state !== 'OPEN') return;
      if (await endIfOpen(tx, id, row.epoch, 'ABORTED', why, this.clock.now())) {
        tx.afterCommit(() => {
          this.leases.remove(id);
          this.metrics.aborts.inc();
        });
        this.logger.log(`registration ${id} aborted: ${why}`);
      }
    });
  }

  /** Operator revoke. Returns how many open registrations it ended. */
  async revoke(target: RevokeTarget, reason: string): Promise<number> {
    const why = optionalString('reason', reason) || 'revoked by an operator';
    if ('registrationId' in target) {
      const id = requireNonEmpty('registration_id', target.registrationId);
      return this.writes.run(async (tx) => {
        const open = this.leases.get(id);
        if (open) return this.revokeInTransaction(tx, [open], why);
        if (!(await findRegistration(tx.manager, id))) throw notOpenError(null, id);
        return 0;
      });
    }
    if ('workerId' in target) {
      const workerId = requireNonEmpty('worker_id', target.workerId);
      return this.writes.run((tx) =>
        this.revokeInTransaction(tx, this.leases.ofWorker(workerId), why),
      );
    }
    if ('daemonId' in target) {
      const daemonId = requireNonEmpty('daemon_id', target.daemonId);
      return this.writes.run((tx) =>
        this.revokeInTransaction(tx, this.leases.ofDaemon(daemonId), why),
      );
    }
    throw new InvalidArgumentError(
      'target',
      'one of registration_id, worker_id or daemon_id is required',
    );
  }

  /** Open registrations only, oldest first; ended ones answer through Commit and Feed errors. */
  list(filter: RegistrationFilter): { registration: OpenRegistration; lease: LeaseView }[] {
    const daemonId = filter.daemonId?.trim() || undefined;
    const workerId = filter.workerId?.trim() || undefined;
    const source = daemonId !== undefined ? this.leases.ofDaemon(daemonId) : [...this.leases.all()];
    return source
      .filter((r) => workerId === undefined || r.workerId === workerId)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((registration) => ({ registration, lease: this.leases.leaseOf(registration) }));
  }

  private async revokeOfWorker(workerId: string, why: string): Promise<void> {
    const revoked = await this.writes.run((tx) =>
      this.revokeInTransaction(tx, this.leases.ofWorker(workerId), why),
    );
    if (revoked > 0)
      this.logger.warn(`revoked ${revoked} open registration(s) of worker ${workerId}: ${why}`);
  }

  /** Targets are read inside the transaction so a Begin committed just before is included. */
  private async revokeInTransaction(
    tx: WriteTransaction,
    registrations: readonly OpenRegistration[],
    why: string,
  ): Promise<number> {
    const now = this.clock.now();
    const ended: string[] = [];
    for (const registration of registrations) {
      if (await endIfOpen(tx, registration.id, registration.epoch, 'REVOKED', why, now)) {
        ended.push(registration.id);
      }
    }
    tx.afterCommit(() => {
      for (const id of ended) this.leases.remove(id);
      this.metrics.revokes.inc(ended.length);
    });
    return ended.length;
  }
}
