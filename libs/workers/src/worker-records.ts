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

/** What reconcile judges a request by: the worker's fencing cursor and its state. */
export type WorkerCursor = Pick<
  WorkerEntity,
  | 'workerId'
  | 'daemonId'
  | 'inactive'
  | 'stateVersion'
  | 'stateChecksum'
  | 'reconcileGeneration'
  | 'reconcileRequestSeq'
>;

/**
 * The cursor columns of one worker, as plain SQL: TypeORM's findOneBy (query builder,
 * metadata, entity hydration) cost about 0.8 ms of main-thread CPU per reconcile in a
 * restart storm, several times the statement itself.
 */
export async function findWorkerCursor(
  tx: WriteTransaction,
  workerId: string,
): Promise<WorkerCursor | undefined> {
  const driver = tx.manager.connection.driver;
  const rows: CursorRow[] = await tx.manager.query(
    `SELECT worker_id, daemon_id, inactive, state_version, state_checksum,
       reconcile_generation, reconcile_request_seq
     FROM workers WHERE worker_id = ${driver.createParameter('workerId', 0)}`,
    [workerId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    workerId: row.worker_id,
    daemonId: row.daemon_id,
    // SQLite answers 0 / 1, PostgreSQL a boolean; bigints come as strings from PostgreSQL.
    inactive: row.inactive === true || Number(row.inactive) === 1,
    stateVersion: Number(row.state_version),
    stateChecksum: row.state_checksum,
    reconcileGeneration: Number(row.reconcile_generation),
    reconcileRequestSeq: Number(row.reconcile_request_seq),
  };
}

interface CursorRow {
  worker_id: string;
  daemon_id: string;
  inactive: boolean | number;
  state_version: number | string;
  state_checksum: string;
  reconcile_generation: number | string;
  reconcile_request_seq: number | string;
}

/** Moves the worker's cursor (and its state version, when given), as plain SQL (see above). */
export async function updateWorkerCursor(
  tx: WriteTransaction,
  workerId: string,
  cursor: { reconcileGeneration: number; reconcileRequestSeq: number; stateVersion?: number },
): Promise<void> {
  const driver = tx.manager.connection.driver;
  const parameters: unknown[] = [];
  const mark = (value: unknown) => {
    parameters.push(value);
    return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
  };
  const sets = [
    `reconcile_generation = ${mark(cursor.reconcileGeneration)}`,
    `reconcile_request_seq = ${mark(cursor.reconcileRequestSeq)}`,
  ];
  if (cursor.stateVersion !== undefined) sets.push(`state_version = ${mark(cursor.stateVersion)}`);
  await tx.manager.query(
    `UPDATE workers SET ${sets.join(', ')} WHERE worker_id = ${mark(workerId)}`,
    parameters,
  );
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
