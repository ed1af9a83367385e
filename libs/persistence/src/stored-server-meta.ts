import { EntityManager } from 'typeorm';
import { ServerMetaEntity } from './server-meta.entity';

/**
 * Present while the replica rows may still say "available" for replicas no worker has
 * re-confirmed since the server last started: the server writes it before SERVING and removes
 * it once every recovered row is settled (written unavailable unless re-confirmed). While it
 * is there, the file's availability column is not to be believed (every replica counts as
 * unavailable), which is also what any restart makes of it.
 */
export const REPLICA_AVAILABILITY_UNSETTLED = 'replica_availability_unsettled';

/**
 * The server_meta table read on a caller's connection: ServerMetaService at startup, and a
 * database file that no server holds (`tensorcast global inspect`). Nothing here writes.
 */
export class StoredServerMeta {
  /** The entities these reads need registered on a DataSource opened outside Nest. */
  static readonly entities = [ServerMetaEntity];

  constructor(private readonly manager: EntityManager) {}

  /** '' when none was created yet. */
  async clusterId(): Promise<string> {
    const row = await this.manager.findOneBy(ServerMetaEntity, { key: 'cluster_id' });
    return row?.value ?? '';
  }

  /** See REPLICA_AVAILABILITY_UNSETTLED. */
  async replicaAvailabilityUnsettled(): Promise<boolean> {
    // Plain SQL: recovery reads it through data sources that register only the entities
    // they use (tests, benches).
    const key = this.manager.connection.driver.createParameter('key', 0);
    const rows: unknown[] = await this.manager.query(
      `SELECT meta_key FROM server_meta WHERE meta_key = ${key}`,
      [REPLICA_AVAILABILITY_UNSETTLED],
    );
    return rows.length > 0;
  }
}
