import { Global, Module } from '@nestjs/common';
import { HaMetrics } from './ha.metrics';
import { LeadershipService } from './leadership.service';

@Global()
@Module({
  providers: [LeadershipService, HaMetrics],
  exports: [LeadershipService, HaMetrics],
})
export class HaModule {}
