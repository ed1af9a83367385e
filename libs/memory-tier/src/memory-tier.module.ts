import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkersModule, WorkersService } from '../../workers/src';
import { MemoryTierLeaseEntity } from './memory-tier-lease.entity';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';
import { MemoryTierStatusesService } from './memory-tier-statuses.service';
import { MemoryTierController } from './memory-tier.controller';
import { MemoryTierMetrics } from './memory-tier.metrics';
import { MemoryTierService, NODE_WORKERS } from './memory-tier.service';
import { MemoryTierStore } from './memory-tier.store';

/** tensorcast.memory_tier.v1.MemoryTierService: tier status snapshots and tier leases. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MemoryTierLeaseEntity, MemoryTierStatusEntity]),
    WorkersModule,
  ],
  controllers: [MemoryTierController],
  providers: [
    MemoryTierMetrics,
    MemoryTierStore,
    MemoryTierService,
    MemoryTierStatusesService,
    // The lease lifecycle sees the workers module only through this narrow interface.
    { provide: NODE_WORKERS, useExisting: WorkersService },
  ],
  exports: [MemoryTierService, MemoryTierStatusesService],
})
export class MemoryTierModule {}
