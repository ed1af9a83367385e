import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { RegistrationEntity } from './registration.entity';
import { RegistrationExpiryService } from './registration-expiry.service';
import { OpenRegistration, RegistrationLeases } from './registration-leases';
import { findRegistration, notOpenError } from './registration-records';

/**
 * The one answer to "is this registration open and is this epoch current", shared by Feed,
 * Keepalive and Commit: a registration whose lease ran out is durably marked EXPIRED before
 * the caller is answered, and one not open in memory answers with why (from its row).
 */
@Injectable()
export class RegistrationGate {
  constructor(
    private readonly writes: WriteQueue,
    private readonly leases: RegistrationLeases,
    private readonly expiry: RegistrationExpiryService,
  ) {}

  /**
   * The open registration, or the error that says why it is not: unknown, ended, or its
   * lease ran out (then it is durably marked EXPIRED before the caller is answered).
   */
  async requireOpen(registrationId: string): Promise<OpenRegistration> {
    const registration = this.leases.get(registrationId);
    if (!registration) throw await this.whyNotOpen(registrationId);
    if (this.leases.isExpired(registration)) throw await this.expireNow(registration);
    return registration;
  }

  requireEpoch(registration: OpenRegistration, epoch: number): void {
    if (epoch !== registration.epoch) {
      throw new DomainError(
        'REGISTRATION_STALE_EPOCH',
        `epoch: ${epoch} is not the current epoch ${registration.epoch} of registration ` +
          `${registration.id} (KeepaliveRegistration returns the current lease)`,
        'epoch',
      );
    }
  }

  /** Marks it EXPIRED durably and returns the error to answer with. */
  async expireNow(registration: OpenRegistration): Promise<DomainError> {
    await this.expiry.expire([registration]);
    return notOpenError(
      Object.assign(new RegistrationEntity(), { state: 'EXPIRED', endReason: 'expired' }),
      registration.id,
    );
  }

  /**
   * Inside a Commit's transaction, on a row that is OPEN at the caller's epoch: the open
   * registration, or, when its lease ran out while the commit waited for the queue, the
   * error to answer with (the EXPIRED mark is then this transaction's write).
   */
  async openAtCommit(
    tx: WriteTransaction,
    row: RegistrationEntity,
  ): Promise<OpenRegistration | DomainError> {
    const registration = this.leases.get(row.registrationId);
    if (registration && !this.leases.isExpired(registration)) return registration;
    await this.expiry.expireInTransaction(tx, row.registrationId, row.epoch);
    return notOpenError({ ...row, state: 'EXPIRED', endReason: '' }, row.registrationId);
  }

  async whyNotOpen(registrationId: string): Promise<DomainError> {
    const row = await this.writes.run((tx) => findRegistration(tx.manager, registrationId));
    return notOpenError(row, registrationId);
  }
}
