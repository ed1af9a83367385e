export * from './clock';
export * from './clock.module';
export * from './deadline-heap';
export * from './domain-error';
export * from './validation';
export * from './client-value';
