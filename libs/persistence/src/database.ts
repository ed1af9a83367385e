import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { DatabaseOpenError, databasePreflight } from './database-preflight';

export { DatabaseOpenError } from './database-preflight';

export type SynchronousMode = 'FULL' | 'NORMAL';

export type DatabaseSettings = SqliteDatabaseSettings | PostgresDatabaseSettings;

export interface SqliteDatabaseSettings {
  /** Absent = sqlite, so settings written before the postgres driver keep their meaning. */
  driver?: 'sqlite';
  /** null = in-memory: nothing survives a restart. */
  dbFile: string | null;
  synchronous: SynchronousMode;
  busyTimeoutMs?: number;
}

export interface PostgresDatabaseSettings {
  driver: 'postgres';
  /** postgres://user@host:port/database (validated by the config loader: no password, no query). */
  url: string;
  /** From database.postgres.password_file, already read. */
  password?: string;
  poolSize: number;
  connectTimeoutMs: number;
  /** 0 = no limit. */
  statementTimeoutMs: number;
  tls: { caFile: string | null; verify: boolean } | null;
}

export function isPostgres(settings: DatabaseSettings): settings is PostgresDatabaseSettings {
  return settings.driver === 'postgres';
}

/** How startup and error messages name the database (never with a password). */
export function describeDatabase(settings: DatabaseSettings): string {
  if (!isPostgres(settings)) return settings.dbFile ?? ':memory:';
  const url = new URL(settings.url);
  return `postgres://${url.host}${url.pathname}`;
}

/**
 * TypeORM calls sqlite3.verbose(), which makes every query capture a stack trace (about 7 %
 * of server CPU under write load). Hand it the module with verbose() as a no-op instead.
 */
export const quietSqlite3: unknown = (() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sqlite3 = require('sqlite3') as Record<string, unknown>;
  return { ...sqlite3, verbose: () => quietSqlite3 };
})();

export function dataSourceOptions(
  settings: DatabaseSettings,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  if (isPostgres(settings)) return postgresOptions(settings, entities);
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
    driver: quietSqlite3,
  };
}

const poolLogger = new Logger('Database');

function postgresOptions(
  settings: PostgresDatabaseSettings,
  entities: DataSourceOptions['entities'],
): DataSourceOptions {
  const url = new URL(settings.url);
  return {
    type: 'postgres',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 5432 : Number(url.port),
    username: decodeURIComponent(url.username) || undefined,
    password: settings.password,
    database: decodeURIComponent(url.pathname.slice(1)),
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize: settings.poolSize,
    connectTimeoutMS: settings.connectTimeoutMs,
    applicationName: 'tensorcast-global-store',
    ssl:
      settings.tls === null
        ? false
        : {
            rejectUnauthorized: settings.tls.verify,
            ...(settings.tls.caFile === null ? {} : { ca: readFileSync(settings.tls.caFile) }),
          },
    extra: {
      // Sent at connect, so every pooled connection carries it; 0 = PostgreSQL's "no limit".
      statement_timeout: settings.statementTimeoutMs,
      // A dead peer (node lost, network cut) is noticed by the kernel instead of never.
      keepAlive: true,
    },
    // An idle pooled connection that the server closed (restart, pg_terminate_backend) is
    // dropped from the pool and reported here; the pool opens a new one on the next query.
    poolErrorHandler: (error: unknown) =>
      poolLogger.warn(`a pooled PostgreSQL connection failed: ${errorMessage(error)}`),
  };
}

/**
 * Entities declare index bytes as 'blob' (SQLite's name; TypeORM has no portable binary
 * type). PostgreSQL stores them as bytea, which node-postgres reads and writes as a Buffer
 * just like a blob; this only teaches TypeORM's metadata check the alias.
 */
function acceptBlobAsBytea(dataSource: DataSource): void {
  const driver = dataSource.driver;
  if (dataSource.options.type !== 'postgres') return;
  const normalize = driver.normalizeType.bind(driver);
  driver.normalizeType = (column) => (column.type === 'blob' ? 'bytea' : normalize(column));
}

/** A DataSource for either driver; use this rather than `new DataSource` for postgres. */
export function createDataSource(options: DataSourceOptions): DataSource {
  const dataSource = new DataSource(options);
  acceptBlobAsBytea(dataSource);
  return dataSource;
}

/** After a checkpoint SQLite truncates the WAL back to this size: bounds it on disk. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens the database the way startup needs it: refuse a foreign, corrupt or newer file
 * before anything is written to it (a read-only preflight: header, schema, quick_check; the
 * only schema-version check, since a new or in-memory database has no migrations yet), set
 * the durability pragmas, then migrate.
 */
export async function openDatabase(
  settings: DatabaseSettings,
  options: DataSourceOptions,
  logger = new Logger('Database'),
): Promise<DataSource> {
  if (isPostgres(settings)) return openPostgres(settings, options, logger);
  if (settings.dbFile !== null) await databasePreflight(settings.dbFile, logger);
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseOpenError(
      `cannot open database ${describeDatabase(settings)}: ${errorMessage(error)}`,
    );
  }
  try {
    await dataSource.query(`PRAGMA synchronous = ${settings.synchronous}`);
    if (settings.dbFile !== null) {
      await dataSource.query(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    for (const migration of applied) logger.log(`applied migration ${migration.name}`);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(
      `cannot use database ${describeDatabase(settings)}: ${errorMessage(error)}`,
    );
  }
  return dataSource;
}

/**
 * PostgreSQL: no file to inspect and no PRAGMAs; refuse a database migrated by a newer
 * build, then migrate under an advisory lock so that instances starting together (an HA
 * pair) do not run the same migration twice.
 */
async function openPostgres(
  settings: PostgresDatabaseSettings,
  options: DataSourceOptions,
  logger: Logger,
): Promise<DataSource> {
  const name = describeDatabase(settings);
  const dataSource = createDataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseOpenError(`cannot connect to database ${name}: ${errorMessage(error)}`);
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await refuseNewerSchema(runner, name);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    for (const migration of applied) logger.log(`applied migration ${migration.name}`);
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    await runner.release().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`cannot use database ${name}: ${errorMessage(error)}`);
  }
  await runner.release();
  logger.log(`database ${name} ready (PostgreSQL, pool of ${settings.poolSize})`);
  return dataSource;
}

/** pg_advisory_lock key held while migrating ("tcgs" in ASCII). */
const MIGRATION_LOCK_KEY = 0x74636773;

async function refuseNewerSchema(
  runner: ReturnType<DataSource['createQueryRunner']>,
  name: string,
): Promise<void> {
  if (!(await runner.hasTable('migrations'))) return;
  const rows = (await runner.query('SELECT name FROM migrations')) as { name: string }[];
  const known = new Set(MIGRATIONS.map((migration) => migration.name));
  const unknown = rows.map((row) => row.name).filter((migration) => !known.has(migration));
  if (unknown.length > 0) {
    throw new DatabaseOpenError(
      `database ${name} has migrations this build does not know (${unknown.join(', ')}): it was ` +
        'used by a newer version; refusing to start. Run the newer version.',
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Row count of each table, for startup and backup reports. */
export async function tableRowCounts(
  dataSource: DataSource,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await dataSource.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}
