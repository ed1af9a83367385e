export * from './chunk-directory.metrics';
export * from './chunk-directory.module';
export * from './chunk-directory.service';
export * from './chunk-row.entity';
export * from './chunk-states';
