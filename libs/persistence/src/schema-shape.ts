import * as sqlite3 from 'sqlite3';
import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { closeSqlite, openSqlite, sqliteAll } from './sqlite-raw';

/**
 * The shape of a database's schema as names only: every table with its columns, every index
 * with its table and columns, every view and trigger. Compared by name rather than by the SQL
 * text in sqlite_master, because SQLite rewrites that text on ALTER TABLE differently across
 * versions while the names and column lists stay put.
 */
export interface SchemaShape {
  /** "table users(id,name)", "index ix_a on t(a,b)", "view v", "trigger tr on t". */
  objects: string[];
  tables: string[];
}

export type QueryFn = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** The migrations table TypeORM keeps; ours has exactly these columns. */
export const MIGRATIONS_TABLE = 'migrations';

/** Reads the shape of the schema through any connection (raw sqlite3 or TypeORM). */
export async function readSchemaShape(query: QueryFn): Promise<SchemaShape> {
  const rows = await query<{ type: string; name: string; tbl_name: string }>(
    `SELECT type, name, tbl_name FROM sqlite_master
      WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
  );
  const objects: string[] = [];
  const tables: string[] = [];
  for (const row of rows) {
    switch (row.type) {
      case 'table': {
        tables.push(row.name);
        const columns = await query<{ name: string }>(
          'SELECT name FROM pragma_table_info(?) ORDER BY cid',
          [row.name],
        );
        objects.push(`table ${row.name}(${columns.map((c) => c.name).join(',')})`);
        break;
      }
      case 'index': {
        const columns = await query<{ name: string | null }>(
          'SELECT name FROM pragma_index_info(?) ORDER BY seqno',
          [row.name],
        );
        objects.push(
          `index ${row.name} on ${row.tbl_name}(${columns.map((c) => c.name ?? '<expr>').join(',')})`,
        );
        break;
      }
      default:
        objects.push(`${row.type} ${row.name} on ${row.tbl_name}`);
    }
  }
  return { objects: objects.sort(), tables };
}

const expectedShapes = new Map<string, Promise<SchemaShape>>();

/**
 * The shape our own migrations produce when exactly `applied` of them have run, found by
 * running them on an in-memory database (once per process): nothing to keep in step by hand
 * when a migration is added. Our migrations only issue SQL through `query()`, so they run on
 * a bare sqlite3 connection in milliseconds; one that needs more of TypeORM's QueryRunner
 * falls back to a TypeORM in-memory data source (loading TypeORM costs an offline command
 * about a second).
 */
export function expectedSchemaShape(applied: readonly string[]): Promise<SchemaShape> {
  const migrations = MIGRATIONS.filter((m) => applied.includes(m.name));
  const key = migrations.map((m) => m.name).join(',');
  let shape = expectedShapes.get(key);
  if (!shape) {
    shape = shapeFromSqlOnly(migrations).catch(() => shapeFromTypeOrm(migrations));
    expectedShapes.set(key, shape);
  }
  return shape;
}

type Migration = (typeof MIGRATIONS)[number];

async function shapeFromSqlOnly(migrations: Migration[]): Promise<SchemaShape> {
  const db = await openSqlite(':memory:', sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
  try {
    const query = <T>(sql: string, params?: unknown[]) => sqliteAll<T>(db, sql, params);
    // The table TypeORM keeps; only its column names matter to the shape.
    await query(
      `CREATE TABLE ${MIGRATIONS_TABLE} (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, ` +
        'timestamp bigint NOT NULL, name varchar NOT NULL)',
    );
    const runner = { query } as unknown as QueryRunner;
    for (const Migration of migrations) await new Migration().up(runner);
    return await readSchemaShape(query);
  } finally {
    await closeSqlite(db).catch(() => undefined);
  }
}

/** The fallback, exported for the test that proves both paths agree. */
export async function shapeFromTypeOrm(migrations: Migration[]): Promise<SchemaShape> {
  const { DataSource } = await import('typeorm');
  const dataSource = new DataSource({
    type: 'sqlite',
    database: ':memory:',
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
    return await readSchemaShape(<T>(sql: string, params?: unknown[]) =>
      dataSource.query<T[]>(sql, params),
    );
  } finally {
    await dataSource.destroy();
  }
}

/** What differs between a file's schema and ours, worded for an operator; [] when equal. */
export function schemaDifferences(found: SchemaShape, expected: SchemaShape): string[] {
  const want = new Set(expected.objects);
  const have = new Set(found.objects);
  return [
    ...found.objects.filter((o) => !want.has(o)).map((o) => `unexpected ${o}`),
    ...expected.objects.filter((o) => !have.has(o)).map((o) => `missing ${o}`),
  ];
}
