export { WORKER_STATES } from './admin.types';
export type {
  PageRequest,
  RegistrationSummary,
  ReplicaSummary,
  WorkerFilter,
  WorkerState,
  WorkerSummary,
} from './admin.types';
export { GlobalStoreAdminModule } from './admin.module';
export { AdminQueryService } from './admin-query.service';
export { DEFAULT_ADMIN_PAGE_SIZE, MAX_ADMIN_PAGE_SIZE } from './admin-page';
