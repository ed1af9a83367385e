import { ServerMetaEntity } from './server-meta.entity';
import { WriteTransaction } from './write-queue';

/** The one write of server_meta: cluster_id, created once (StoredServerMeta reads it). */
export async function insertClusterId(tx: WriteTransaction, clusterId: string): Promise<void> {
  await tx.manager.insert(ServerMetaEntity, { key: 'cluster_id', value: clusterId });
}
