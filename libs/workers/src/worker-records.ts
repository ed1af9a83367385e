import { EntityManager } from 'typeorm';
import { insertRows, runForIds } from '../../persistence/src';
import { WorkerColumn, WORKER_COLUMNS, WorkerRowWrites } from './worker-changes';
import { WorkerEntity } from './worker.entity';

/**
 * The statements on workers: recovery's read and each commit group's staged rows (registrations,
 * deactivations, cursors, removals) written set-based before COMMIT. The batched CASE updates
 * (heartbeat flush, checksums) are in worker-rows-sql.ts. WorkersService keeps the rules and the
 * memory; these run in the caller's transaction.
 */
export function loadWorkers(manager: EntityManager): Promise<WorkerEntity[]> {
  return manager.find(WorkerEntity);
}

const COLUMN_NAMES: Record<WorkerColumn | 'workerId', string> = {
  workerId: 'worker_id',
  daemonId: 'daemon_id',
  nodeId: 'node_id',
  nodeAddress: 'node_address',
  grpcPort: 'grpc_port',
  p2pPort: 'p2p_port',
  memPoolTotalSize: 'mem_pool_total_size',
  memPoolAvailableSize: 'mem_pool_available_size',
  acceptingNewRequests: 'accepting_new_requests',
  capabilityFlags: 'capability_flags',
  inactive: 'inactive',
  registeredAt: 'registered_at',
  lastHeartbeatAt: 'last_heartbeat_at',
  stateVersion: 'state_version',
  stateChecksum: 'state_checksum',
  reconcileGeneration: 'reconcile_generation',
  reconcileRequestSeq: 'reconcile_request_seq',
};

const ROW_COLUMNS = ['workerId', ...WORKER_COLUMNS] as const;

/**
 * A commit group's worker rows: one DELETE per chunk of removed workers, then one multi-row
 * INSERT ... ON CONFLICT (worker_id) DO UPDATE per set of changed columns (a new worker is
 * inserted whole; a stored one gets only the columns its group changed, so heartbeat fields
 * the flush wrote meanwhile are left alone). Standard upsert syntax, on SQLite and
 * PostgreSQL alike; no row is read first.
 */
export async function writeWorkerRows(
  manager: EntityManager,
  writes: WorkerRowWrites,
): Promise<void> {
  await runForIds(manager, 'DELETE FROM workers WHERE worker_id IN (:ids)', [], writes.deletes);
  const names = ROW_COLUMNS.map((c) => COLUMN_NAMES[c]);
  for (const { columns, rows } of writes.upserts) {
    const set = columns.map((c) => `${COLUMN_NAMES[c]} = excluded.${COLUMN_NAMES[c]}`).join(', ');
    await insertRows(
      manager,
      'workers',
      names,
      rows.map((row) => ROW_COLUMNS.map((c) => row[c])),
      `ON CONFLICT (worker_id) DO UPDATE SET ${set}`,
    );
  }
}
