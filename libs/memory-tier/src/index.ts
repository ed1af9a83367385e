export { MemoryTierStatusesService } from './memory-tier-statuses.service';
export { MemoryTierModule } from './memory-tier.module';
export { MemoryTierService } from './memory-tier.service';
