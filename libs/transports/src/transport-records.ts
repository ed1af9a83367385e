import { EntityManager, LessThan } from 'typeorm';
// The JSON response column does not fit TypeORM's deep-partial type; the transformer handles it.
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { WriteTransaction } from '../../persistence/src';
import { TransportEntity, TransportOutcome } from './transport.entity';

/** What recovery needs of every grouped transport to rebuild its scheduling groups. */
export type GroupedTransportRow = Pick<
  TransportEntity,
  | 'groupKind'
  | 'groupId'
  | 'groupEpoch'
  | 'groupPartId'
  | 'groupTotalParts'
  | 'requestId'
  | 'artifactId'
  | 'viewId'
  | 'status'
  | 'outcome'
  | 'createdAt'
>;

/**
 * The statements on transports. The services keep the rules (who gets a slot, when a
 * transport ends); these run in the caller's transaction or read snapshot.
 */
export function inProgressTransports(manager: EntityManager): Promise<TransportEntity[]> {
  return manager.findBy(TransportEntity, { status: 'in_progress' });
}

/** Every transport of a scheduling group, oldest first. */
export function groupedTransports(manager: EntityManager): Promise<GroupedTransportRow[]> {
  return manager
    .createQueryBuilder(TransportEntity, 't')
    .select([
      't.groupKind',
      't.groupId',
      't.groupEpoch',
      't.groupPartId',
      't.groupTotalParts',
      't.requestId',
      't.artifactId',
      't.viewId',
      't.status',
      't.outcome',
      't.createdAt',
    ])
    .where("t.groupId <> ''")
    .orderBy('t.createdAt', 'ASC')
    .getMany();
}

/** The newest transport granted for a request_id. */
export function latestTransportOf(
  manager: EntityManager,
  requestId: string,
): Promise<TransportEntity | null> {
  return manager.findOne(TransportEntity, {
    where: { requestId },
    order: { createdAt: 'DESC' },
  });
}

export function findTransport(
  manager: EntityManager,
  transportId: string,
): Promise<TransportEntity | null> {
  return manager.findOneBy(TransportEntity, { transportId });
}

export async function insertTransport(
  tx: WriteTransaction,
  transport: TransportEntity,
): Promise<void> {
  await tx.manager.insert(TransportEntity, transport as QueryDeepPartialEntity<TransportEntity>);
}

/**
 * in_progress → completed as one conditional UPDATE, so only one ending wins. Returns false
 * when the transport was no longer in progress.
 */
export async function completeIfInProgress(
  tx: WriteTransaction,
  transportId: string,
  outcome: TransportOutcome,
  detail: string,
  now: number,
): Promise<boolean> {
  const result = await tx.manager.update(
    TransportEntity,
    { transportId, status: 'in_progress' },
    { status: 'completed', outcome, outcomeDetail: detail, completedAt: now },
  );
  return (result.affected ?? 0) > 0;
}

/** Returns how many completed transports were deleted. */
export async function deleteCompletedBefore(tx: WriteTransaction, cutoff: number): Promise<number> {
  const result = await tx.manager.delete(TransportEntity, {
    status: 'completed',
    completedAt: LessThan(cutoff),
  });
  return result.affected ?? 0;
}

/** Transports created in [start, end], oldest first, at most `limit`. */
export function transportsCreatedBetween(
  manager: EntityManager,
  start: number,
  end: number,
  limit: number,
): Promise<TransportEntity[]> {
  return manager
    .createQueryBuilder(TransportEntity, 't')
    .where('t.createdAt >= :start AND t.createdAt <= :end', { start, end })
    .orderBy('t.createdAt', 'ASC')
    .addOrderBy('t.transportId', 'ASC')
    .take(limit)
    .getMany();
}
