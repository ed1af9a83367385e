import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkerEntity } from './worker.entity';
import { WorkersController } from './workers.controller';
import { WorkersMetrics } from './workers.metrics';
import { WorkersService } from './workers.service';

@Module({
  imports: [TypeOrmModule.forFeature([WorkerEntity])],
  controllers: [WorkersController],
  providers: [WorkersService, WorkersMetrics],
  exports: [WorkersService],
})
export class WorkersModule {}
