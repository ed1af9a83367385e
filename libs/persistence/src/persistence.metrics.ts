import { Injectable } from '@nestjs/common';
import { counter, gauge } from '../../observability/src';
import { fileSize } from './sqlite-file';

/** The tables whose restored rows startup recovery reports (tc_recovered_rows{table}). */
export const RECOVERED_TABLES = [
  'workers',
  'artifacts',
  'tensor_indexes',
  'replicas',
  'key_mappings',
  'registrations',
  'memory_tier_leases',
  'memory_tier_statuses',
  'chunk_rows',
  'transports',
] as const;

export type IntegrityCheckKind = 'quick' | 'full';

const integrityOk = () =>
  gauge({
    name: 'tc_db_integrity_check_ok',
    help:
      'Result of the last SQLite integrity check: 1 ok, 0 problems found. check="quick" is ' +
      'startup\'s quick_check, check="full" the full integrity_check run after SERVING.',
    labelNames: ['check'] as const,
  });
const integritySeconds = () =>
  gauge({
    name: 'tc_db_integrity_check_seconds',
    help: 'How long the last SQLite integrity check took, in seconds.',
    labelNames: ['check'] as const,
  });
const integrityTimestamp = () =>
  gauge({
    name: 'tc_db_integrity_check_timestamp_seconds',
    help: 'When the last SQLite integrity check finished (Unix time, seconds).',
    labelNames: ['check'] as const,
  });

/**
 * Records an integrity check. A plain function because startup's quick_check runs while the
 * database is opened, before any provider exists; the gauges are get-or-create.
 */
export function recordIntegrityCheck(
  check: IntegrityCheckKind,
  ok: boolean,
  seconds: number,
  finishedAtMs: number,
): void {
  integrityOk().set({ check }, ok ? 1 : 0);
  integritySeconds().set({ check }, seconds);
  integrityTimestamp().set({ check }, finishedAtMs / 1000);
}

interface SizeSource {
  dbFile: string | null;
  queueDepth: () => number;
}

// Metrics are get-or-create on the default registry, so a collect callback outlives the app
// that created it (tests start several in one process); it reads whatever app came last.
let sizeSource: SizeSource = { dbFile: null, queueDepth: () => 0 };

@Injectable()
export class PersistenceMetrics {
  readonly dbFileBytes = gauge({
    name: 'tc_db_file_bytes',
    help: 'Size of the SQLite database file (0 for an in-memory database).',
    collect(): void {
      this.set(sizeSource.dbFile === null ? 0 : fileSize(sizeSource.dbFile));
    },
  });
  readonly walBytes = gauge({
    name: 'tc_db_wal_bytes',
    help: 'Size of the SQLite write-ahead log (-wal) next to the database file.',
    collect(): void {
      this.set(sizeSource.dbFile === null ? 0 : fileSize(`${sizeSource.dbFile}-wal`));
    },
  });
  readonly writeQueueDepth = gauge({
    name: 'tc_db_write_queue_depth',
    help: 'Writes waiting for the single write connection (grows when the disk is slow).',
    collect(): void {
      this.set(sizeSource.queueDepth());
    },
  });
  readonly maintenanceRuns = counter({
    name: 'tc_db_maintenance_total',
    help: 'Database maintenance runs by task (optimize, checkpoint, idempotency_purge) and result.',
    labelNames: ['task', 'reason', 'result'] as const,
  });
  readonly integrityCheckOk = integrityOk();
  readonly integrityCheckSeconds = integritySeconds();
  readonly integrityCheckTimestamp = integrityTimestamp();
  readonly idempotencyPurged = counter({
    name: 'tc_idempotency_records_purged_total',
    help: 'Expired client_request_id records deleted by the cleanup task.',
  });
  readonly recoverySeconds = gauge({
    name: 'tc_recovery_seconds',
    help: 'How long startup recovery took (database to in-memory state), in seconds.',
  });
  readonly recoveredRows = gauge({
    name: 'tc_recovered_rows',
    help: 'Rows found in each table at startup recovery.',
    labelNames: ['table'] as const,
  });

  watch(dbFile: string | null, queueDepth: () => number): void {
    sizeSource = { dbFile, queueDepth };
  }

  recordRecovery(seconds: number, rows: Record<string, number>): void {
    this.recoverySeconds.set(seconds);
    for (const [table, count] of Object.entries(rows)) this.recoveredRows.set({ table }, count);
  }
}
