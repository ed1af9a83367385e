export * from './ha.metrics';
export * from './ha.module';
export * from './lease-connection';
export * from './lease-sql';
export * from './leadership.service';
