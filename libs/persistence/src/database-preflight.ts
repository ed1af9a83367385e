import { Logger } from '@nestjs/common';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { recordIntegrityCheck } from './persistence.metrics';
import { DatabaseFileProblem, DatabaseFileReport, inspectDatabaseFile } from './sqlite-file';

/** Startup refuses to serve from this database; the file is left exactly as it was. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/** Checks started ahead of openDatabase, by resolved path: each is taken once. */
const startedChecks = new Map<string, Promise<void>>();

/**
 * Starts the startup check of a database file (header, schema, quick_check on a read-only
 * connection) before the server's modules are even loaded: main.ts calls this first, so the
 * quick_check (seconds at 500 MB, nearly all of it on SQLite's own threads) runs while Node
 * loads and links Nest, TypeORM and grpc-js. openDatabase then waits for its outcome before
 * it opens the file for writing, exactly as if it had run the check itself.
 */
export function startDatabasePreflight(dbFile: string, logger = new Logger('Database')): void {
  const path = resolve(dbFile);
  if (startedChecks.has(path)) return;
  const check = preflightDatabaseFile(path, logger);
  // Awaited by openDatabase; a refusal must not surface as an unhandled rejection meanwhile.
  check.catch(() => undefined);
  startedChecks.set(path, check);
}

/** The startup check of this file: the one started ahead of time, else one run now. */
export function databasePreflight(dbFile: string, logger: Logger): Promise<void> {
  const path = resolve(dbFile);
  const started = startedChecks.get(path);
  startedChecks.delete(path);
  return started ?? preflightDatabaseFile(path, logger);
}

const REFUSAL = 'refusing to start and leaving the file untouched';

/**
 * Checks an existing file on a read-only connection: a corrupt file must not be touched
 * even by the journal-mode switch TypeORM performs on open.
 */
async function preflightDatabaseFile(dbFile: string, logger: Logger): Promise<void> {
  const path = resolve(dbFile);
  mkdirSync(dirname(path), { recursive: true });
  // SQLite writes the -wal and -shm files beside the database, so the folder must be writable.
  requireWritable(dirname(path), `the folder of database file ${path}`);
  if (!existsSync(path)) {
    logger.log(`creating database ${path}`);
    return;
  }
  const stat = statSync(path);
  if (!stat.isFile()) throw new DatabaseOpenError(`database path ${path} is not a regular file`);
  requireWritable(path, `database file ${path}`);
  if (stat.size === 0) return;
  const started = performance.now();
  let report: DatabaseFileReport;
  try {
    // quick_check, not integrity_check: the full check reads every index entry against its
    // row (22 s for a 680 MB file) and runs after SERVING instead (DatabaseIntegrityCheck).
    report = await inspectDatabaseFile(path, { integrity: 'quick' });
  } catch (error) {
    if (!(error instanceof DatabaseFileProblem)) throw error;
    switch (error.kind) {
      case 'foreign':
      case 'not-ours':
      case 'missing':
        throw new DatabaseOpenError(
          `database file ${error.message}; ${REFUSAL}. Point database.db_file at the right file ` +
            'or restore a backup.',
        );
      case 'corrupt':
        throw new DatabaseOpenError(
          `database file ${error.message}; ${REFUSAL}. Restore a backup with ` +
            '`tensorcast global restore --from=BACKUP` (docs/operations-backup.md).',
        );
      case 'newer-schema':
        throw new DatabaseOpenError(
          `database ${error.message}; ${REFUSAL}. Run the newer version or restore a backup.`,
        );
      case 'unreadable':
        throw new DatabaseOpenError(`${error.message}; ${REFUSAL}.`);
    }
  }
  recordIntegrityCheck('quick', true, report.integrityMs / 1000, Date.now());
  logger.log(
    report.empty
      ? `database ${path} has no tables yet: creating the schema`
      : `database ${path} passed its startup check (header, schema, quick_check) in ` +
          `${Math.round(performance.now() - started)} ms (quick_check ${Math.round(report.integrityMs)} ms)`,
  );
}

function requireWritable(path: string, what: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason = code === 'EROFS' ? 'read-only file system' : errorMessage(error);
    throw new DatabaseOpenError(
      `${what} is not writable (${code}: ${reason}); ${REFUSAL}. The Global Store commits ` +
        'every write to this file: check the mount and its permissions.',
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
