import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { CLOCK, Clock, systemClock } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { PersistenceMetrics, recordIntegrityCheck } from './persistence.metrics';
import { closeSqlite, describe, openSqlite, sqliteAll } from './sqlite-file';

export interface IntegrityCheckOutcome {
  ok: boolean;
  /** What PRAGMA integrity_check reported (at most INTEGRITY_PROBLEM_LIMIT lines). */
  problems: string[];
  durationMs: number;
}

/** integrity_check stops after this many findings: enough to tell an operator what broke. */
export const INTEGRITY_PROBLEM_LIMIT = 100;

/**
 * The full PRAGMA integrity_check of the live database, moved off the startup path (which runs
 * only the quick_check): it reads every index entry against its row, about 30 s per GB.
 *
 * It runs on a read-only connection of its own, never the write connection: in WAL mode a
 * reader neither blocks nor waits for the writer, and the pragma runs on a libuv thread, so
 * RPCs and commits go on meanwhile. What it costs is one core for its duration and a WAL that
 * cannot be checkpointed past the check's snapshot until it ends (the maintenance checkpoint
 * reports "busy" and retries). It starts database.background_integrity_check_delay after
 * SERVING, so it stays out of the restart storm that follows a restart.
 */
@Injectable()
export class DatabaseIntegrityCheck implements OnModuleDestroy {
  private readonly logger = new Logger('DatabaseIntegrity');
  private readonly dbFile: string | null;
  private timer: NodeJS.Timeout | undefined;
  private connection: sqlite3.Database | undefined;
  private running: Promise<IntegrityCheckOutcome> | undefined;
  private closed = false;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly metrics: PersistenceMetrics,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {
    this.dbFile = config.database.db_file === null ? null : resolve(config.database.db_file);
  }

  /** Called once the server is SERVING. */
  start(): void {
    const delay = this.config.database.background_integrity_check_delay;
    if (this.dbFile === null || delay === null || this.timer || this.closed) return;
    this.timer = setTimeout(() => void this.run(), Math.min(delay, 2 ** 31 - 1));
    this.timer.unref();
  }

  /** Runs the full check now (or joins the one running); never throws. */
  run(): Promise<IntegrityCheckOutcome> {
    this.running ??= this.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    // A check of a large file must not hold shutdown for tens of seconds.
    this.connection?.interrupt();
    await this.running;
  }

  private async check(): Promise<IntegrityCheckOutcome> {
    if (this.dbFile === null) return { ok: true, problems: [], durationMs: 0 };
    const started = this.clock.monotonic();
    this.logger.log(`full integrity_check of ${this.dbFile} started (read-only connection)`);
    let problems: string[];
    try {
      this.connection = await openSqlite(this.dbFile, sqlite3.OPEN_READONLY);
      await sqliteAll(this.connection, 'PRAGMA busy_timeout = 5000');
      const rows = await sqliteAll<{ integrity_check: string }>(
        this.connection,
        `PRAGMA integrity_check(${INTEGRITY_PROBLEM_LIMIT})`,
      );
      problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    } catch (error) {
      if (this.closed) {
        this.logger.log('full integrity_check interrupted by shutdown');
        return { ok: true, problems: [], durationMs: this.clock.monotonic() - started };
      }
      problems = [describe(error)];
    } finally {
      const connection = this.connection;
      this.connection = undefined;
      if (connection) await closeSqlite(connection).catch(() => undefined);
    }
    const durationMs = this.clock.monotonic() - started;
    const ok = problems.length === 0;
    recordIntegrityCheck('full', ok, durationMs / 1000, this.clock.now());
    this.metrics.maintenanceRuns.inc({
      task: 'integrity_check',
      reason: 'after_start',
      result: ok ? 'ok' : 'error',
    });
    if (ok) {
      this.logger.log(`full integrity_check of ${this.dbFile}: ok in ${Math.round(durationMs)} ms`);
    } else {
      this.logger.error(
        `DATABASE CORRUPTION: full integrity_check of ${this.dbFile} found ` +
          `${problems.length}${problems.length >= INTEGRITY_PROBLEM_LIMIT ? '+' : ''} problem(s): ` +
          `${problems.slice(0, 10).join('; ')}. The server keeps serving, but its next start ` +
          'may refuse this file: plan a restore from a known-good backup ' +
          '(docs/operations-backup.md); `tensorcast global check-db` repeats this check.',
      );
    }
    return { ok, problems, durationMs };
  }
}
