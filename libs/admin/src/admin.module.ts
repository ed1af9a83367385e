import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../../artifacts/src';
import { RegistrationsModule } from '../../registrations/src';
import { WorkersModule } from '../../workers/src';
import { AdminQueryService } from './admin-query.service';
import { GlobalStoreAdminController } from './global-store-admin.controller';
import { ServerVitals } from './server-vitals.service';
import { WorkerRemovalService } from './worker-removal.service';

/**
 * The operator surface of this project (tcgs.admin.v1.GlobalStoreAdmin) and the in-process
 * query API behind it, which the web dashboard reads too.
 */
@Module({
  imports: [WorkersModule, ArtifactsModule, RegistrationsModule],
  controllers: [GlobalStoreAdminController],
  providers: [ServerVitals, AdminQueryService, WorkerRemovalService],
  exports: [AdminQueryService, WorkerRemovalService],
})
export class GlobalStoreAdminModule {}
