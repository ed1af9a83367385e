export { GrpcMetrics } from './grpc.metrics';
export { GlobalStoreLogger } from './logger';
export { counter, defaultRegistry, gauge, histogram, METRICS_REGISTRY } from './metric-factory';
export { ObservabilityModule } from './observability.module';
export { ServingState } from './serving-state';
export { VERSION } from './version';
