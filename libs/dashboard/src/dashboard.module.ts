import {
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
  RequestMethod,
} from '@nestjs/common';
import { GlobalStoreAdminModule } from '../../admin/src';
import { AdminDashboardQueries } from './admin-queries.adapter';
import { DashboardAssets } from './dashboard-assets';
import { DASHBOARD_QUERIES } from './dashboard-queries';
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
  imports: [GlobalStoreAdminModule],
  controllers: [DashboardController],
  providers: [
    { provide: DASHBOARD_QUERIES, useClass: AdminDashboardQueries },
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
