import { closeSync, existsSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { MIGRATIONS } from './migrations';
import { sqliteErrorCode } from './storage-fault';

/**
 * Raw access to a database file with the sqlite3 driver, outside TypeORM: startup's
 * read-only preflight, backup and restore all need a connection of their own that never
 * writes to the file it inspects.
 */

export const SQLITE_HEADER = 'SQLite format 3\u0000';

export type DatabaseFileProblemKind =
  'missing' | 'foreign' | 'corrupt' | 'newer-schema' | 'unreadable';

/** What is wrong with a database file, worded so callers can prefix their own verdict. */
export class DatabaseFileProblem extends Error {
  constructor(
    readonly kind: DatabaseFileProblemKind,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseFileProblem';
  }
}

export interface DatabaseFileReport {
  path: string;
  bytes: number;
  /** Size of the -wal file next to it, 0 when absent. */
  walBytes: number;
  /** Rows per table (every table except SQLite's own), when asked for. */
  rowCounts: Record<string, number>;
  migrations: string[];
}

export function openSqlite(path: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolveDb, reject) => {
    const db = new sqlite3.Database(path, mode, (error) => (error ? reject(error) : resolveDb(db)));
  });
}

export function sqliteAll<T>(
  db: sqlite3.Database,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return new Promise((resolveRows, reject) =>
    db.all(sql, params, (error, rows: T[]) => (error ? reject(error) : resolveRows(rows))),
  );
}

export function closeSqlite(db: sqlite3.Database): Promise<void> {
  return new Promise((resolveClose, reject) =>
    db.close((error) => (error ? reject(error) : resolveClose())),
  );
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Throws 'missing' or 'foreign' unless the file starts with the SQLite header. */
export function checkSqliteHeader(path: string): void {
  if (!existsSync(path)) throw new DatabaseFileProblem('missing', path, `${path} does not exist`);
  const stat = statSync(path);
  if (!stat.isFile())
    throw new DatabaseFileProblem('foreign', path, `${path} is not a regular file`);
  const header = Buffer.alloc(16);
  let read = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, header, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new DatabaseFileProblem('unreadable', path, `cannot read ${path}: ${describe(error)}`);
  }
  if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
    throw new DatabaseFileProblem(
      'foreign',
      path,
      `${path} is not an SQLite database (bad header)`,
    );
  }
}

/** Migration names in the file that this build does not know: the file is newer. */
export function unknownMigrations(names: readonly string[]): string[] {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  return names.filter((name) => !known.has(name));
}

/**
 * Checks a database file without writing to it: header, PRAGMA integrity_check on a
 * read-only connection, and a schema this build understands. A crash-left -wal is read
 * (not applied to the file). Files SQLite had to create for the read-only connection are
 * removed again when the check fails, so a refused file is left exactly as found.
 */
export async function inspectDatabaseFile(
  file: string,
  options: { countRows?: boolean; requireSchema?: boolean } = {},
): Promise<DatabaseFileReport> {
  const path = resolve(file);
  checkSqliteHeader(path);
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
  let db: sqlite3.Database | undefined;
  try {
    db = await openSqlite(path, sqlite3.OPEN_READONLY);
    await sqliteAll(db, 'PRAGMA busy_timeout = 5000');
    const rows = await sqliteAll<{ integrity_check: string }>(db, 'PRAGMA integrity_check(20)');
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      throw new DatabaseFileProblem(
        'corrupt',
        path,
        `${path} failed its integrity check: ${problems.slice(0, 5).join('; ')}`,
      );
    }
    const tables = (
      await sqliteAll<{ name: string }>(
        db,
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
    ).map((t) => t.name);
    const migrations = tables.includes('migrations')
      ? (await sqliteAll<{ name: string }>(db, 'SELECT name FROM migrations ORDER BY id')).map(
          (r) => r.name,
        )
      : [];
    const unknown = unknownMigrations(migrations);
    if (unknown.length > 0) {
      throw new DatabaseFileProblem(
        'newer-schema',
        path,
        `${path} was written by a newer Global Store (unknown schema migrations: ${unknown.join(', ')})`,
      );
    }
    if (options.requireSchema && migrations.length === 0) {
      throw new DatabaseFileProblem(
        'foreign',
        path,
        `${path} is an SQLite database but not a Global Store one (no schema migrations)`,
      );
    }
    const rowCounts: Record<string, number> = {};
    if (options.countRows) {
      for (const table of tables) {
        const [count] = await sqliteAll<{ n: number }>(db, `SELECT COUNT(*) AS n FROM "${table}"`);
        rowCounts[table] = count.n;
      }
    }
    await closeSqlite(db);
    db = undefined;
    return {
      path,
      bytes: fileSize(path),
      walBytes: fileSize(`${path}-wal`),
      rowCounts,
      migrations,
    };
  } catch (error) {
    if (db) await closeSqlite(db).catch(() => undefined);
    for (const created of sidecars) removeIfCreatedEmpty(created);
    if (error instanceof DatabaseFileProblem) throw error;
    const code = sqliteErrorCode(error);
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new DatabaseFileProblem(
        'corrupt',
        path,
        `${path} failed its integrity check (${describe(error)}): the file is corrupt or truncated`,
      );
    }
    throw new DatabaseFileProblem('unreadable', path, `cannot read ${path}: ${describe(error)}`);
  }
}

/** Removes a sidecar the read-only check created, but never one holding WAL frames. */
function removeIfCreatedEmpty(path: string): void {
  try {
    if (path.endsWith('-shm') || statSync(path).size === 0) unlinkSync(path);
  } catch {
    // not created after all
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
