import { INestApplication, Logger } from '@nestjs/common';
import { WorkersService } from '../../../libs/workers/src';
import { ServerMetaService } from '../../../libs/persistence/src';

/**
 * Restores in-memory state from the database before the server reports SERVING. Each
 * module restores its own part; order matters where one part reads another's.
 */
export async function recoverState(app: INestApplication, logger: Logger): Promise<void> {
  const started = performance.now();
  const clusterId = await app.get(ServerMetaService).loadClusterId();
  const workers = await app.get(WorkersService).recover();
  logger.log(
    `recovered ${workers.workers} worker(s) (${workers.stale} awaiting re-confirmation), ` +
      `cluster ${clusterId}, in ${Math.round(performance.now() - started)} ms`,
  );
}
