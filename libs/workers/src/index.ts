export { EMPTY_STATE_CHECKSUM, Fnv1a64, stateChecksum } from './state-checksum';
export type { ChecksumReplica } from './state-checksum';
export { WorkerEntity } from './worker.entity';
export type { WorkerRecord } from './worker.entity';
export type { WorkerCursor } from './worker-records';
export { StoredWorkers } from './stored-workers';
export type {
  DeactivationReason,
  WorkerInventory,
  WorkerLifecycleListener,
} from './worker-inventory';
export { WorkersModule } from './workers.module';
export { WorkersService } from './workers.service';
export type { RegisterWorkerInput, WorkerConnection, WorkerView } from './workers.service';
export { WorkersMetrics } from './workers.metrics';
