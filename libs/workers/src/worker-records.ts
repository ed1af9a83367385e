import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { WriteTransaction } from '../../persistence/src';
import { WorkerEntity } from './worker.entity';

/**
 * The statements on workers, one row per worker; the batched CASE updates (heartbeat flush,
 * checksums) are in worker-rows-sql.ts. WorkersService keeps the rules and the memory; these
 * run in the caller's transaction.
 */
export function loadWorkers(manager: EntityManager): Promise<WorkerEntity[]> {
  return manager.find(WorkerEntity);
}

export async function findWorker(
  tx: WriteTransaction,
  workerId: string,
): Promise<WorkerEntity | undefined> {
  return (await tx.manager.findOneBy(WorkerEntity, { workerId })) ?? undefined;
}

export async function findWorkerOfDaemon(
  tx: WriteTransaction,
  daemonId: string,
): Promise<WorkerEntity | undefined> {
  return (await tx.manager.findOneBy(WorkerEntity, { daemonId })) ?? undefined;
}

/** Inserts or rewrites the whole row. */
export async function saveWorker(tx: WriteTransaction, row: WorkerEntity): Promise<void> {
  await tx.manager.save(WorkerEntity, row);
}

export async function updateWorker(
  tx: WriteTransaction,
  workerId: string,
  patch: QueryDeepPartialEntity<WorkerEntity>,
): Promise<void> {
  await tx.manager.update(WorkerEntity, workerId, patch);
}

export async function deleteWorker(tx: WriteTransaction, workerId: string): Promise<void> {
  await tx.manager.delete(WorkerEntity, { workerId });
}
