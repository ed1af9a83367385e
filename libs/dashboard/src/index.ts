export * from './dashboard-queries';
export * from './dashboard.module';
export * from './dashboard-pages.service';
export * from './html';
export * from './security-headers';
export * from './throughput-sampler';
