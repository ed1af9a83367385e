import { EntityManager } from 'typeorm';
import { WriteTransaction } from '../../persistence/src';
import { ChunkRowEntity } from './chunk-row.entity';

/** Rows per INSERT … ON CONFLICT: 8 columns each, under SQLite's 999 bound parameters. */
const UPSERT_CHUNK = 100;

/**
 * The statements on chunk_rows, the durable copy of the chunk directory. The directory's
 * rules (what a report changes, when a group goes) stay in its services.
 */
export function loadChunkRows(manager: EntityManager): Promise<ChunkRowEntity[]> {
  return manager.find(ChunkRowEntity);
}

/** Last write wins per (artifact, device, replica, chunk, node). */
export async function upsertChunkRows(
  tx: WriteTransaction,
  rows: readonly ChunkRowEntity[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    await tx.manager.upsert(ChunkRowEntity, rows.slice(i, i + UPSERT_CHUNK), [
      'artifactId',
      'deviceUuid',
      'replica',
      'chunkIdx',
      'nodeId',
    ]);
  }
}

/** The rows one worker reported for one artifact. */
export async function deleteChunkGroup(
  tx: WriteTransaction,
  workerId: string,
  artifactId: string,
): Promise<void> {
  await tx.manager.delete(ChunkRowEntity, { workerId, artifactId });
}

export async function deleteChunkRowsOfWorker(
  tx: WriteTransaction,
  workerId: string,
): Promise<void> {
  await tx.manager.delete(ChunkRowEntity, { workerId });
}
