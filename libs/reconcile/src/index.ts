export * from './reconcile.cursor';
export * from './reconcile.inventory';
export * from './reconcile.metrics';
export * from './reconcile.module';
export * from './reconcile.plan';
export * from './reconcile.service';
export * from './reconcile.wire';
