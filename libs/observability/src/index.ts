export { GrpcMetrics } from './grpc.metrics';
export { GlobalStoreLogger } from './logger';
export {
  counter,
  defaultRegistry,
  gauge,
  histogram,
  METRICS_REGISTRY,
  RPC_LATENCY_BUCKETS,
} from './metric-factory';
export { ObservabilityModule } from './observability.module';
export { ServingState } from './serving-state';
export { VERSION } from './version';
export { DependencyHealth } from './dependency-health';
export { TlsMetrics } from './tls.metrics';
export { MemoryGovernor } from './memory-governor';
