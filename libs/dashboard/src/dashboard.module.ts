import {
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
  RequestMethod,
} from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DashboardController } from './dashboard.controller';
import { DashboardPages } from './dashboard-pages.service';
import { dashboardSecurityHeaders } from './security-headers';
import { ServerThroughputCounters } from './server-counters';
import { THROUGHPUT_COUNTERS, ThroughputSampler } from './throughput-sampler';

/**
 * The read-only dashboard at /ui on the metrics/health HTTP port. Imported only when
 * observability.dashboard.enabled is true, so a disabled dashboard has no routes at all
 * (/ui answers 404 like any unknown path).
 */
@Module({
  controllers: [DashboardController],
  providers: [
    DashboardAssets,
    DashboardPages,
    ThroughputSampler,
    { provide: THROUGHPUT_COUNTERS, useClass: ServerThroughputCounters },
  ],
})
export class DashboardModule implements NestModule, OnApplicationBootstrap {
  constructor(private readonly sampler: ThroughputSampler) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(dashboardSecurityHeaders)
      .forRoutes(
        { path: 'ui', method: RequestMethod.ALL },
        { path: 'ui/*rest', method: RequestMethod.ALL },
      );
  }

  onApplicationBootstrap(): void {
    this.sampler.start();
  }
}
