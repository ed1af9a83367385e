import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { ReplicaDrainService } from './replica-drain.service';
import { TransportEntity } from './transport.entity';
import { TransportsController } from './transports.controller';
import { TransportsMetrics } from './transports.metrics';
import { TransportLedger } from './transport-ledger';
import { TransportQueue } from './transport-queue';
import { TransportSweeps } from './transport-sweeps.service';
import { TransportWindowService } from './transport-window.service';
import { TransportsService } from './transports.service';

@Module({
  imports: [TypeOrmModule.forFeature([TransportEntity]), WorkersModule, ArtifactsModule],
  controllers: [TransportsController],
  providers: [
    TransportsService,
    TransportLedger,
    TransportQueue,
    TransportSweeps,
    TransportWindowService,
    ReplicaDrainService,
    TransportsMetrics,
  ],
  exports: [TransportsService, TransportSweeps],
})
export class TransportsModule {}
