import { EntityManager, In, LessThan, Not } from 'typeorm';
import { DomainError, quoteClientValue } from '../../common/src';
import { WriteTransaction } from '../../persistence/src';
import { CoverageFrame } from './coverage';
import {
  CoverageSummary,
  RegistrationEntity,
  RegistrationFrameEntity,
  RegistrationState,
} from './registration.entity';

/** Rows per INSERT: 6 bound values each stays far below SQLite's variable limit. */
const FRAME_INSERT_BATCH = 100;

export type EndState = Exclude<RegistrationState, 'OPEN' | 'COMMITTED'>;

export function findRegistration(
  manager: EntityManager,
  registrationId: string,
): Promise<RegistrationEntity | null> {
  return manager.findOneBy(RegistrationEntity, { registrationId });
}

/**
 * The fencing write: changes the row only while it is OPEN at `epoch`. The check and the
 * write are one UPDATE statement inside the caller's transaction, so no other write can slip
 * between them. Returns false when the row was not open at that epoch.
 */
export async function updateIfOpen(
  tx: WriteTransaction,
  registrationId: string,
  epoch: number,
  patch: Partial<RegistrationEntity>,
): Promise<boolean> {
  const result = await tx.manager.update(
    RegistrationEntity,
    { registrationId, state: 'OPEN', epoch },
    patch,
  );
  return result.affected === 1;
}

/** Ends an open registration and drops its frames: nothing of it stays behind. */
export async function endIfOpen(
  tx: WriteTransaction,
  registrationId: string,
  epoch: number,
  state: EndState | 'COMMITTED',
  endReason: string,
  now: number,
  extra: Pick<Partial<RegistrationEntity>, 'artifactId' | 'replicaId'> = {},
): Promise<boolean> {
  const ended = await updateIfOpen(tx, registrationId, epoch, {
    state,
    endReason: endReason.slice(0, 512),
    updatedAt: now,
    ...extra,
  });
  if (ended) await tx.manager.delete(RegistrationFrameEntity, { registrationId });
  return ended;
}

/** Appends accepted frames to an open registration (fenced) and refreshes its summary. */
export async function appendFramesIfOpen(
  tx: WriteTransaction,
  registrationId: string,
  epoch: number,
  frames: readonly CoverageFrame[],
  now: number,
): Promise<boolean> {
  if (!(await updateIfOpen(tx, registrationId, epoch, { updatedAt: now }))) return false;
  for (let i = 0; i < frames.length; i += FRAME_INSERT_BATCH) {
    await tx.manager.insert(
      RegistrationFrameEntity,
      frames.slice(i, i + FRAME_INSERT_BATCH).map((f) => toFrameRow(registrationId, f)),
    );
  }
  const summary: { frames: number | string; covered: number | string | null }[] = await tx.manager
    .createQueryBuilder(RegistrationFrameEntity, 'f')
    .select('COUNT(*)', 'frames')
    .addSelect('SUM(f.length)', 'covered')
    .where('f.registration_id = :registrationId', { registrationId })
    .getRawMany();
  const coverage: CoverageSummary = {
    covered_bytes: Number(summary[0]?.covered ?? 0),
    frames: Number(summary[0]?.frames ?? 0),
  };
  await tx.manager.update(RegistrationEntity, { registrationId }, { coverage });
  return true;
}

export function loadFrames(
  manager: EntityManager,
  registrationIds: readonly string[],
): Promise<RegistrationFrameEntity[]> {
  if (registrationIds.length === 0) return Promise.resolve([]);
  return manager.find(RegistrationFrameEntity, {
    where: { registrationId: In([...registrationIds]) },
    order: { registrationId: 'ASC', artifactOffset: 'ASC' },
  });
}

export async function insertRegistration(
  tx: WriteTransaction,
  row: RegistrationEntity,
): Promise<void> {
  await tx.manager.insert(RegistrationEntity, row);
}

/** Open registrations, oldest first: what recovery restores. */
export function loadOpenRegistrations(manager: EntityManager): Promise<RegistrationEntity[]> {
  return manager.find(RegistrationEntity, {
    where: { state: 'OPEN' },
    order: { createdAt: 'ASC' },
  });
}

/** A restored registration's new epoch: writes of the previous holder are refused. */
export async function setOpenEpoch(
  tx: WriteTransaction,
  registrationId: string,
  epoch: number,
  now: number,
): Promise<void> {
  await tx.manager.update(
    RegistrationEntity,
    { registrationId, state: 'OPEN' },
    { epoch, updatedAt: now },
  );
}

/** Ended registrations last changed before `cutoff`. */
export async function deleteEndedBefore(tx: WriteTransaction, cutoff: number): Promise<number> {
  const result = await tx.manager.delete(RegistrationEntity, {
    state: Not('OPEN'),
    updatedAt: LessThan(cutoff),
  });
  return result.affected ?? 0;
}

/** Frames whose registration is no longer open (left by a crash between two writes). */
export async function deleteOrphanFrames(tx: WriteTransaction): Promise<number> {
  const result = await tx.manager
    .createQueryBuilder()
    .delete()
    .from(RegistrationFrameEntity)
    .where(
      `registration_id NOT IN (SELECT r.registration_id FROM registrations r WHERE r.state = :open)`,
      { open: 'OPEN' },
    )
    .execute();
  return result.affected ?? 0;
}

export function toFrameRow(registrationId: string, frame: CoverageFrame): RegistrationFrameEntity {
  return Object.assign(new RegistrationFrameEntity(), {
    registrationId,
    artifactOffset: frame.offset,
    length: frame.length,
    digest: frame.digest.toString('hex'),
    storageId: frame.storageId ?? '',
    storageOffset: frame.storageOffset ?? 0,
  });
}

export function fromFrameRow(row: RegistrationFrameEntity): CoverageFrame {
  return {
    offset: row.artifactOffset,
    length: row.length,
    digest: Buffer.from(row.digest, 'hex'),
    ...(row.storageId === '' ? {} : { storageId: row.storageId, storageOffset: row.storageOffset }),
  };
}

/**
 * Why a registration that is not open in memory refuses Feed, Keepalive or Commit: the
 * answer a daemon needs to decide whether to start over.
 */
export function notOpenError(row: RegistrationEntity | null, registrationId: string): DomainError {
  const reason = row?.endReason ? `: ${row.endReason}` : '';
  switch (row?.state) {
    case undefined:
      return new DomainError(
        'REGISTRATION_NOT_FOUND',
        `registration_id: no registration ${quoteClientValue(registrationId)}`,
        'registration_id',
      );
    case 'COMMITTED':
      return new DomainError(
        'PRECONDITION_FAILED',
        `registration_id: registration ${quoteClientValue(registrationId)} is already committed (artifact ${quoteClientValue(row.artifactId)})`,
        'registration_id',
      );
    case 'ABORTED':
      return new DomainError(
        'REGISTRATION_ABORTED',
        `registration ${quoteClientValue(registrationId)} was aborted${reason}`,
      );
    case 'REVOKED':
      return new DomainError(
        'REGISTRATION_ABORTED',
        `registration ${quoteClientValue(registrationId)} was revoked${reason}`,
      );
    case 'EXPIRED':
      return new DomainError(
        'REGISTRATION_EXPIRED',
        `registration ${quoteClientValue(registrationId)} expired (its lease ran out)`,
      );
    case 'OPEN':
      // Open on disk but unknown in memory: its lease was never granted on this run.
      return new DomainError(
        'REGISTRATION_EXPIRED',
        `registration ${quoteClientValue(registrationId)} holds no lease`,
      );
  }
}
