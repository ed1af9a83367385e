import { closeSync, existsSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { MIGRATIONS } from './migrations';
import {
  MIGRATIONS_TABLE,
  SchemaShape,
  expectedSchemaShape,
  readSchemaShape,
  schemaDifferences,
} from './schema-shape';
import { closeSqlite, openSqlite, sqliteAll } from './sqlite-raw';
import { sqliteErrorCode } from './storage-fault';

export { closeSqlite, openSqlite, sqliteAll };

/**
 * Raw access to a database file with the sqlite3 driver, outside TypeORM: startup's
 * read-only preflight, backup and restore all need a connection of their own that never
 * writes to the file it inspects.
 */

export const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * 'foreign': not an SQLite file at all; 'not-ours': a readable SQLite database with another
 * application's schema (or ours plus tables we do not know).
 */
export type DatabaseFileProblemKind =
  'missing' | 'foreign' | 'not-ours' | 'corrupt' | 'newer-schema' | 'unreadable';

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
  /** True when the file has no tables at all: a new database, ours to migrate. */
  empty: boolean;
  integrity: IntegrityLevel;
  /** How long the integrity pragma took. */
  integrityMs: number;
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
 * How much of the file SQLite verifies: 'full' is PRAGMA integrity_check (every page, and
 * every index entry against its row: about 30 s per GB), 'quick' is PRAGMA quick_check
 * (every page and b-tree, not index contents: an order of magnitude faster), 'none' checks
 * only the header and the schema.
 */
export type IntegrityLevel = 'full' | 'quick' | 'none';

const INTEGRITY_PRAGMA: Record<Exclude<IntegrityLevel, 'none'>, string> = {
  full: 'integrity_check',
  quick: 'quick_check',
};

/**
 * Checks a database file without writing to it: header, PRAGMA integrity_check (or
 * quick_check) on a read-only connection, and a schema that is ours. A file is ours when it
 * has no tables at all, or when its migrations table lists our migrations and its tables,
 * columns and indexes are exactly those these migrations create; anything else is another
 * application's file (kind 'not-ours') and is never touched. A crash-left -wal is read (not
 * applied to the file). Files SQLite had to create for the read-only connection are removed
 * again when the check fails, so a refused file is left exactly as found.
 */
export async function inspectDatabaseFile(
  file: string,
  options: { countRows?: boolean; requireSchema?: boolean; integrity?: IntegrityLevel } = {},
): Promise<DatabaseFileReport> {
  const path = resolve(file);
  const integrity = options.integrity ?? 'full';
  checkSqliteHeader(path);
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
  let db: sqlite3.Database | undefined;
  try {
    db = await openSqlite(path, sqlite3.OPEN_READONLY);
    await sqliteAll(db, 'PRAGMA busy_timeout = 5000');
    const started = performance.now();
    if (integrity !== 'none') {
      const problems = await integrityProblems(db, integrity);
      if (problems.length > 0) {
        throw new DatabaseFileProblem(
          'corrupt',
          path,
          `${path} failed its integrity check${integrity === 'quick' ? ' (quick_check)' : ''}: ${problems.slice(0, 5).join('; ')}`,
        );
      }
    }
    const integrityMs = performance.now() - started;
    const connection = db;
    const shape = await readSchemaShape(<T>(sql: string, params?: unknown[]) =>
      sqliteAll<T>(connection, sql, params),
    );
    const migrations = await ourMigrations(db, path, shape);
    if (options.requireSchema && migrations.length === 0) {
      throw new DatabaseFileProblem(
        'not-ours',
        path,
        `${path} is an SQLite database but not a Global Store one (no schema migrations)`,
      );
    }
    const rowCounts: Record<string, number> = {};
    if (options.countRows) {
      for (const table of shape.tables) {
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
      empty: shape.tables.length === 0,
      integrity,
      integrityMs,
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

async function integrityProblems(
  db: sqlite3.Database,
  level: Exclude<IntegrityLevel, 'none'>,
): Promise<string[]> {
  const pragma = INTEGRITY_PRAGMA[level];
  const rows = await sqliteAll<Record<string, string>>(db, `PRAGMA ${pragma}(20)`);
  return rows.map((r) => r[pragma]).filter((r) => r !== 'ok');
}

/**
 * The migrations recorded in a file whose schema is ours ([] for a file without tables), or
 * a 'not-ours' / 'newer-schema' problem naming what is not ours.
 */
async function ourMigrations(
  db: sqlite3.Database,
  path: string,
  shape: SchemaShape,
): Promise<string[]> {
  const userTables = shape.tables.filter((t) => t !== MIGRATIONS_TABLE);
  const hasMigrationsTable = shape.tables.includes(MIGRATIONS_TABLE);
  if (hasMigrationsTable && !shape.objects.includes(OUR_MIGRATIONS_TABLE)) {
    throw new DatabaseFileProblem(
      'not-ours',
      path,
      `${path} is an SQLite database but not a Global Store one (its migrations table is not ours)`,
    );
  }
  const migrations = hasMigrationsTable
    ? (
        await sqliteAll<{ name: string }>(db, `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)
      ).map((r) => r.name)
    : [];
  if (migrations.length === 0) {
    if (userTables.length === 0) return [];
    throw new DatabaseFileProblem(
      'not-ours',
      path,
      `${path} is an SQLite database but not a Global Store one (tables ${listed(userTables)} and no Global Store schema migrations)`,
    );
  }
  const unknown = unknownMigrations(migrations);
  if (unknown.length === migrations.length) {
    throw new DatabaseFileProblem(
      'not-ours',
      path,
      `${path} is an SQLite database but not a Global Store one (its migrations ${listed(unknown)} are another application's)`,
    );
  }
  if (unknown.length > 0) {
    throw new DatabaseFileProblem(
      'newer-schema',
      path,
      `${path} was written by a newer Global Store (unknown schema migrations: ${unknown.join(', ')})`,
    );
  }
  const differences = schemaDifferences(shape, await expectedSchemaShape(migrations));
  if (differences.length > 0) {
    throw new DatabaseFileProblem(
      'not-ours',
      path,
      `${path} is not only a Global Store database: its schema differs from the one its migrations create (${differences.slice(0, 5).join('; ')}${differences.length > 5 ? `; and ${differences.length - 5} more` : ''})`,
    );
  }
  return migrations;
}

const OUR_MIGRATIONS_TABLE = `table ${MIGRATIONS_TABLE}(id,timestamp,name)`;

function listed(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
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
