import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { ReplicaDrainService } from './replica-drain.service';
import { TransportEntity } from './transport.entity';
import { TransportsController } from './transports.controller';
import { TransportsMetrics } from './transports.metrics';
import { TransportsService } from './transports.service';

@Module({
  imports: [TypeOrmModule.forFeature([TransportEntity]), WorkersModule, ArtifactsModule],
  controllers: [TransportsController],
  providers: [TransportsService, ReplicaDrainService, TransportsMetrics],
  exports: [TransportsService],
})
export class TransportsModule {}
