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
 * Names the restart image (the replica index written next to the database file at a clean
 * shutdown) that holds exactly what the replica rows hold: written after the image is on
 * disk, removed by the next start before it writes anything else.
 */
export const REPLICA_IMAGE = 'replica_image';

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
    return (await this.fact(REPLICA_AVAILABILITY_UNSETTLED)) !== undefined;
  }

  /** The id of the restart image the rows match (REPLICA_IMAGE), '' for none. */
  async replicaImageId(): Promise<string> {
    return (await this.fact(REPLICA_IMAGE)) ?? '';
  }

  private async fact(name: string): Promise<string | undefined> {
    // Plain SQL: recovery reads these through data sources that register only the entities
    // they use (tests, benches).
    const key = this.manager.connection.driver.createParameter('key', 0);
    const rows: { v: string }[] = await this.manager.query(
      `SELECT meta_value AS v FROM server_meta WHERE meta_key = ${key}`,
      [name],
    );
    return rows[0]?.v;
  }
}
