export { bigintColumn, jsonObjectColumn, jsonTextColumn } from './columns';
export { dataSourceOptions, tableRowCounts } from './database';
export { PersistenceModule } from './persistence.module';
export { ServerMetaEntity } from './server-meta.entity';
export { ServerMetaService } from './server-meta.service';
export {
  REPLICA_AVAILABILITY_UNSETTLED,
  REPLICA_IMAGE,
  StoredServerMeta,
} from './stored-server-meta';
export { WriteQueue, WriteQueueClosedError } from './write-queue';
export type { GroupParticipant, WriteTransaction } from './write-queue';
export { MIGRATIONS } from './migrations';
export { HaLease1765200000000 } from './migrations/1765200000000-ha-lease';
export { IdempotencyRecordEntity } from './idempotency-record.entity';
export { IdempotencyStore, requestFingerprint } from './idempotency.store';
export { storageDomainError } from './storage-fault';
export { closeSqlite, openSqlite, sqliteAll, unknownMigrations } from './sqlite-file';
export { PersistenceMetrics, RECOVERED_TABLES } from './persistence.metrics';
export { DatabaseMaintenance } from './database-maintenance.service';
export { DatabaseIntegrityCheck } from './database-integrity.service';
export { insertRows, runForIds } from './bulk-sql';
export { CommittedReads } from './committed-reads';
export type { CommittedRead } from './committed-reads';
export { DatabaseHealthProbe, DATABASE_PROBE_INTERVAL_MS } from './database-health.probe';
