import { INestApplication, Logger } from '@nestjs/common';
import { ReplicaStore } from '../../../libs/artifacts/src';
import { MemoryTierService, MemoryTierStatusesService } from '../../../libs/memory-tier/src';
import { ChunkDirectoryService } from '../../../libs/chunk-directory/src';
import { TransportsService } from '../../../libs/transports/src';
import { RegistrationRecoveryService } from '../../../libs/registrations/src';
import { WorkersService } from '../../../libs/workers/src';
import { ServerMetaService } from '../../../libs/persistence/src';
import { reportRecovery } from './recovery-report';

/**
 * Restores in-memory state from the database before the server reports SERVING. Each
 * module restores its own part; order matters where one part reads another's.
 */
export async function recoverState(app: INestApplication, logger: Logger): Promise<void> {
  const started = performance.now();
  const clusterId = await app.get(ServerMetaService).loadClusterId();
  const workers = await app.get(WorkersService).recover();
  const replicas = await app.get(ReplicaStore).recover();
  // After workers: a registration whose worker is gone is revoked instead of restored.
  const registrations = await app.get(RegistrationRecoveryService).recover();
  // After workers: ACTIVE leases of a node with no active worker left are ended.
  const tierLeases = await app.get(MemoryTierService).recover();
  const tierStatuses = await app.get(MemoryTierStatusesService).recover();
  // After replicas: in-flight transports set each replica's current_requests.
  const transports = await app.get(TransportsService).recover();
  const chunks = await app.get(ChunkDirectoryService).recover();
  logger.log(
    `recovered ${workers.workers} worker(s) (${workers.stale} awaiting re-confirmation), ` +
      `${replicas.replicas} replica(s) (unavailable until re-confirmed), ` +
      `${registrations.restored} open registration(s) (${registrations.revoked} revoked), ` +
      `${tierLeases.leases} memory-tier lease(s) (${tierLeases.ended} ended), ` +
      `memory-tier snapshots of ${tierStatuses.nodes} node(s), ` +
      `${transports.inProgress} in-flight transport(s), ${chunks.rows} chunk row(s), ` +
      `cluster ${clusterId}, in ${Math.round(performance.now() - started)} ms`,
  );
  await reportRecovery(app, logger, started);
}
