export * from './admin.types';
export * from './admin.module';
export * from './admin-query.service';
export * from './worker-removal.service';
export { DEFAULT_ADMIN_PAGE_SIZE, MAX_ADMIN_PAGE_SIZE } from './admin-page';
