import { Global, Module } from '@nestjs/common';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
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
  providers: [ServingState, GrpcMetrics],
  exports: [ServingState, GrpcMetrics],
})
export class ObservabilityModule {}
