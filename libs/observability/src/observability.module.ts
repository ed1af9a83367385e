import { Global, Module, OnModuleInit } from '@nestjs/common';
import { register } from 'prom-client';
import { METRICS_REGISTRY } from './metric-factory';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { DependencyHealth } from './dependency-health';
import { GrpcMetrics } from './grpc.metrics';
import { HealthController } from './health.controller';
import { ServingState } from './serving-state';

@Global()
@Module({
  imports: [
    PrometheusModule.register({
      controller: PrometheusController,
      path: '/metrics',
      defaultMetrics: { enabled: true },
    }),
  ],
  controllers: [HealthController],
  // The registry /metrics serves (PrometheusController reads prom-client's default one),
  // provided once here for every module's metrics to register in.
  providers: [
    { provide: METRICS_REGISTRY, useValue: register },
    ServingState,
    GrpcMetrics,
    DependencyHealth,
  ],
  exports: [METRICS_REGISTRY, ServingState, GrpcMetrics, DependencyHealth],
})
export class ObservabilityModule implements OnModuleInit {
  onModuleInit(): void {
    // prom-client's defaults include gauges named *_total, which `promtool check metrics`
    // rejects; the same numbers stay available per type in nodejs_active_{handles,requests,resources}.
    for (const name of PROMTOOL_NONCOMPLIANT_DEFAULTS) register.removeSingleMetric(name);
  }
}

const PROMTOOL_NONCOMPLIANT_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];
