import { EntityManager } from 'typeorm';
import { ServerMetaEntity } from './server-meta.entity';
import { WriteTransaction } from './write-queue';

/** The writes of server_meta (StoredServerMeta reads it). cluster_id is created once. */
export async function insertClusterId(tx: WriteTransaction, clusterId: string): Promise<void> {
  await tx.manager.insert(ServerMetaEntity, { key: 'cluster_id', value: clusterId });
}

/** Sets the fact, or removes it with undefined. */
export function writeServerFact(
  tx: WriteTransaction,
  key: string,
  value: string | undefined,
): Promise<void> {
  return writeServerFactWith(tx.manager, key, value);
}

/** writeServerFact on a manager whose transaction (if any) the caller owns. */
export async function writeServerFactWith(
  manager: EntityManager,
  key: string,
  value: string | undefined,
): Promise<void> {
  // Plain SQL: the replicas' owner writes this from data sources that register only the
  // entities they read (tests, benches), and a delete + insert runs on every driver.
  const mark = (i: number) => manager.connection.driver.createParameter(`p${i}`, i);
  await manager.query(`DELETE FROM server_meta WHERE meta_key = ${mark(0)}`, [key]);
  if (value !== undefined) {
    await manager.query(
      `INSERT INTO server_meta (meta_key, meta_value) VALUES (${mark(0)}, ${mark(1)})`,
      [key, value],
    );
  }
}
