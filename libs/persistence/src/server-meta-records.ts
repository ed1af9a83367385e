import { ServerMetaEntity } from './server-meta.entity';
import { WriteTransaction } from './write-queue';

/** The writes of server_meta (StoredServerMeta reads it). cluster_id is created once. */
export async function insertClusterId(tx: WriteTransaction, clusterId: string): Promise<void> {
  await tx.manager.insert(ServerMetaEntity, { key: 'cluster_id', value: clusterId });
}

/** Sets the fact, or removes it with undefined. */
export async function writeServerFact(
  tx: WriteTransaction,
  key: string,
  value: string | undefined,
): Promise<void> {
  // Plain SQL: the replicas' owner writes this from data sources that register only the
  // entities they read (tests, benches), and a delete + insert runs on every driver.
  const mark = (i: number) => tx.manager.connection.driver.createParameter(`p${i}`, i);
  await tx.manager.query(`DELETE FROM server_meta WHERE meta_key = ${mark(0)}`, [key]);
  if (value !== undefined) {
    await tx.manager.query(
      `INSERT INTO server_meta (meta_key, meta_value) VALUES (${mark(0)}, ${mark(1)})`,
      [key, value],
    );
  }
}
