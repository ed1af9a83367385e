export * from './columns';
export * from './database';
export * from './persistence.module';
export * from './server-meta.entity';
export * from './server-meta.service';
export * from './write-queue';
export { MIGRATIONS } from './migrations';
export * from './idempotency-record.entity';
export * from './idempotency.store';
