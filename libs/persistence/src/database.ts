import { Logger } from '@nestjs/common';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface DatabaseSettings {
  /** null = in-memory: nothing survives a restart. */
  dbFile: string | null;
  synchronous: SynchronousMode;
  busyTimeoutMs?: number;
}

/** Startup refuses to serve from this database; the file is left exactly as it was. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

export function dataSourceOptions(
  settings: DatabaseSettings,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  return {
    type: 'sqlite',
    database: settings.dbFile === null ? ':memory:' : resolve(settings.dbFile),
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: settings.dbFile !== null,
    busyTimeout: settings.busyTimeoutMs ?? 5000,
    logging: false,
  };
}

/**
 * Opens the database the way startup needs it: refuse a foreign or corrupt file before
 * anything is written to it, set the durability pragmas, refuse a schema written by a newer
 * build, then migrate.
 */
export async function openDatabase(
  settings: DatabaseSettings,
  options: DataSourceOptions,
  logger = new Logger('Database'),
): Promise<DataSource> {
  if (settings.dbFile !== null) prepareDatabaseFile(settings.dbFile);
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseOpenError(
      `cannot open database ${settings.dbFile ?? ':memory:'}: ${errorMessage(error)}`,
    );
  }
  try {
    await dataSource.query(`PRAGMA synchronous = ${settings.synchronous}`);
    if (settings.dbFile !== null) await checkIntegrity(dataSource, settings.dbFile);
    await refuseNewerSchema(dataSource, settings.dbFile ?? ':memory:');
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    for (const migration of applied) logger.log(`applied migration ${migration.name}`);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(
      `cannot use database ${settings.dbFile ?? ':memory:'}: ${errorMessage(error)}`,
    );
  }
  return dataSource;
}

function prepareDatabaseFile(dbFile: string): void {
  const path = resolve(dbFile);
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (!stat.isFile()) throw new DatabaseOpenError(`database path ${path} is not a regular file`);
  if (stat.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new DatabaseOpenError(
      `database file ${path} is not an SQLite database (bad header); refusing to start ` +
        'and leaving the file untouched. Point database.db_file at the right file or restore a backup.',
    );
  }
}

async function checkIntegrity(dataSource: DataSource, dbFile: string): Promise<void> {
  const rows: { integrity_check?: string; quick_check?: string }[] = await dataSource.query(
    'PRAGMA integrity_check(20)',
  );
  const problems = rows.map((r) => r.integrity_check ?? '').filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw new DatabaseOpenError(
      `database file ${resolve(dbFile)} failed its integrity check; refusing to start and ` +
        `leaving the file untouched (restore a backup): ${problems.slice(0, 5).join('; ')}`,
    );
  }
}

async function refuseNewerSchema(dataSource: DataSource, label: string): Promise<void> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`,
  );
  if (tables.length === 0) return;
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM migrations');
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = rows.map((r) => r.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DatabaseOpenError(
      `database ${label} was written by a newer Global Store (unknown schema migrations: ` +
        `${unknown.join(', ')}); refusing to start. Run the newer version or restore a backup.`,
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
