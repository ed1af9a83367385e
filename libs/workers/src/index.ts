export * from './state-checksum';
export * from './worker.entity';
export * from './worker-inventory';
export * from './workers.module';
export * from './workers.service';
