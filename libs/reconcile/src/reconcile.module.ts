import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { ReconcileController } from './reconcile.controller';
import { ReconcileMetrics } from './reconcile.metrics';
import { ReconcileService } from './reconcile.service';

@Module({
  imports: [WorkersModule, ArtifactsModule],
  controllers: [ReconcileController],
  providers: [ReconcileService, ReconcileMetrics],
  exports: [ReconcileService],
})
export class ReconcileModule {}
