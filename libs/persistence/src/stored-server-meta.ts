import { EntityManager } from 'typeorm';
import { ServerMetaEntity } from './server-meta.entity';

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
}
