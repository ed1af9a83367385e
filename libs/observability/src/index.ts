export * from './dependency-health';
export * from './grpc.metrics';
export * from './health.controller';
export * from './logger';
export * from './metric-factory';
export * from './observability.module';
export * from './serving-state';
export * from './version';
