import { Injectable, Logger } from '@nestjs/common';
import { DomainError, parseUint64, requireNonEmpty } from '../../common/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { RegistrationEntity } from './registration.entity';
import { CommitAnswer, RegistrationCompletion } from './registration-completion';
import { RegistrationGate } from './registration-gate';
import { OpenRegistration, RegistrationLeases } from './registration-leases';
import { findRegistration, notOpenError } from './registration-records';
import { CommitResult as CommitOutcome, RegistrationsMetrics } from './registrations.metrics';

type CommitStep =
  { kind: 'committed'; answer: CommitAnswer } | { kind: 'expired'; error: DomainError };

/**
 * CommitRegistration: the registration must be open at the caller's epoch with its lease
 * current (RegistrationGate, judged again inside the transaction); RegistrationCompletion
 * then writes the artifact, the replica and the COMMITTED state in the same fenced
 * transaction. A commit either happens whole or leaves nothing; a repeated one answers
 * what the first did.
 */
@Injectable()
export class RegistrationCommitService {
  private readonly logger = new Logger('Registrations');

  constructor(
    private readonly writes: WriteQueue,
    private readonly gate: RegistrationGate,
    private readonly leases: RegistrationLeases,
    private readonly completion: RegistrationCompletion,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  async commit(
    registrationId: string,
    epochValue: string | number | undefined,
  ): Promise<CommitAnswer> {
    const id = requireNonEmpty('registration_id', registrationId);
    const epoch = parseUint64('epoch', epochValue);
    const live = this.leases.get(id);
    if (live) {
      this.gate.requireEpoch(live, epoch);
      if (this.leases.isExpired(live)) {
        const error = await this.gate.expireNow(live);
        this.observe('expired', live, null);
        throw error;
      }
    }
    const seen: { row: RegistrationEntity | null } = { row: null };
    try {
      const step = await this.writes.run(async (tx): Promise<CommitStep> => {
        seen.row = await findRegistration(tx.manager, id);
        return this.commitInTransaction(tx, id, epoch, seen.row);
      });
      if (step.kind === 'expired') throw step.error;
      return step.answer;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'REGISTRATION_ABORTED') {
        this.observe('aborted', live, seen.row);
      } else if (error instanceof DomainError && error.code === 'REGISTRATION_EXPIRED') {
        this.observe('expired', live, seen.row);
      }
      throw error;
    }
  }

  private async commitInTransaction(
    tx: WriteTransaction,
    id: string,
    epoch: number,
    row: RegistrationEntity | null,
  ): Promise<CommitStep> {
    if (!row) throw notOpenError(null, id);
    if (row.state === 'COMMITTED') {
      requireRowEpoch(row, epoch);
      return { kind: 'committed', answer: await this.completion.replay(tx, row) };
    }
    if (row.state !== 'OPEN') throw notOpenError(row, id);
    requireRowEpoch(row, epoch);
    const registration = await this.gate.openAtCommit(tx, row);
    if (registration instanceof DomainError) return { kind: 'expired', error: registration };

    const { answer, workerId, tier } = await this.completion.complete(tx, row);
    tx.afterCommit(() => {
      this.leases.remove(id);
      this.metrics.commits[row.planKind].inc();
      this.observe('ok', registration, row);
      this.logger.log(
        `registration ${id} committed: ${answer.descriptor.artifactId} on worker ${workerId} ` +
          `(${tier}${answer.existed ? ', replica already existed' : ''})`,
      );
    });
    return { kind: 'committed', answer };
  }

  private observe(
    result: CommitOutcome,
    live: OpenRegistration | undefined,
    row: RegistrationEntity | null,
  ): void {
    this.metrics.observeCommit(result, this.leases.secondsSinceBegin(live, row?.createdAt));
  }
}

function requireRowEpoch(row: RegistrationEntity, epoch: number): void {
  if (row.epoch !== epoch) {
    throw new DomainError(
      'REGISTRATION_STALE_EPOCH',
      `epoch: ${epoch} is not the current epoch ${row.epoch} of registration ${row.registrationId}`,
      'epoch',
    );
  }
}
