import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Logger } from '@nestjs/common';
import * as sqlite3 from 'sqlite3';
import { dataSourceOptions, openDatabase } from './database';
import { MIGRATIONS } from './migrations';
import {
  DatabaseFileProblem,
  closeSqlite,
  inspectDatabaseFile,
  openSqlite,
  sqliteAll,
} from './sqlite-file';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-sqlite-file-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const CREATE = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;

async function run(path: string, statements: string[]): Promise<void> {
  const db = await openSqlite(path, CREATE);
  for (const sql of statements) await sqliteAll(db, sql);
  await closeSqlite(db);
}

function hash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function problem(promise: Promise<unknown>): Promise<DatabaseFileProblem> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DatabaseFileProblem, String(error));
    return error;
  }
  assert.fail('expected a DatabaseFileProblem');
}

test('integrity_check findings are reported, not just thrown errors', async () => {
  const path = join(scratch(), 'bad-index.db');
  await run(path, [
    'CREATE TABLE t (a integer, b text)',
    'CREATE INDEX ix ON t (b)',
    "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
    // Point the index definition at another column: its entries no longer match the rows.
    'PRAGMA writable_schema = ON',
    "UPDATE sqlite_master SET sql = 'CREATE INDEX ix ON t (a)' WHERE name = 'ix'",
  ]);
  const found = await problem(inspectDatabaseFile(path));
  assert.equal(found.kind, 'corrupt');
  assert.match(found.message, /failed its integrity check: row 1 missing from index ix; row 2/);
});

test('missing, foreign and empty-header files are told apart', async () => {
  const dir = scratch();
  assert.equal((await problem(inspectDatabaseFile(join(dir, 'none.db')))).kind, 'missing');
  writeFileSync(join(dir, 'text.db'), 'SQLite format 2 but not really');
  assert.equal((await problem(inspectDatabaseFile(join(dir, 'text.db')))).kind, 'foreign');
  writeFileSync(join(dir, 'short.db'), 'SQLite');
  assert.equal((await problem(inspectDatabaseFile(join(dir, 'short.db')))).kind, 'foreign');
});

test('a WAL left by an open (or crashed) writer is read, and the files are not changed', async () => {
  const dir = scratch();
  const path = join(dir, 'live.db');
  await ourDatabase(path);
  const writer = await openSqlite(path, CREATE);
  try {
    await sqliteAll(writer, 'PRAGMA journal_mode = WAL');
    await sqliteAll(writer, 'PRAGMA wal_autocheckpoint = 0');
    for (let i = 0; i < 10; i++) {
      await sqliteAll(writer, 'INSERT INTO server_meta VALUES (?, ?)', [`k${i}`, String(i)]);
    }
    const before = { db: hash(path), wal: hash(`${path}-wal`) };
    const report = await inspectDatabaseFile(path, { countRows: true });
    assert.equal(report.rowCounts.server_meta, 10, 'rows only in the WAL are counted');
    assert.ok(report.walBytes > 0);
    assert.deepEqual({ db: hash(path), wal: hash(`${path}-wal`) }, before);
  } finally {
    await closeSqlite(writer);
  }
});

test('sidecar files SQLite creates for a refused WAL-mode file are removed again', async () => {
  const dir = scratch();
  const path = join(dir, 'wal-mode.db');
  await run(path, [
    'PRAGMA journal_mode = WAL',
    'CREATE TABLE t (a text)',
    ...Array.from({ length: 200 }, (_, i) => `INSERT INTO t VALUES ('${'x'.repeat(100)}${i}')`),
  ]);
  const bytes = readFileSync(path);
  assert.equal(bytes[18], 2, 'the header says WAL mode');
  writeFileSync(path, bytes.subarray(0, bytes.length / 2));
  const before = hash(path);
  assert.equal((await problem(inspectDatabaseFile(path))).kind, 'corrupt');
  assert.equal(hash(path), before);
  assert.deepEqual(readdirSync(dir), ['wal-mode.db']);
});

/** A database with our schema, made the way startup makes one. */
async function ourDatabase(path: string): Promise<void> {
  const settings = { dbFile: path, synchronous: 'FULL' as const };
  const dataSource = await openDatabase(settings, dataSourceOptions(settings), quietLogger);
  await dataSource.destroy();
}

const quietLogger = { log: () => undefined } as unknown as Logger;

test('our own database passes the quick and the full check; an empty SQLite file is ours to use', async () => {
  const dir = scratch();
  const path = join(dir, 'ours.db');
  await ourDatabase(path);
  for (const integrity of ['quick', 'full', 'none'] as const) {
    const report = await inspectDatabaseFile(path, { integrity, requireSchema: true });
    assert.equal(report.empty, false);
    assert.deepEqual(
      report.migrations,
      MIGRATIONS.map((m) => new m().name),
    );
  }
  const empty = join(dir, 'empty.db');
  await run(empty, ['PRAGMA user_version = 0', 'VACUUM']);
  assert.equal((await inspectDatabaseFile(empty, { integrity: 'quick' })).empty, true);
});

test("another application's SQLite database is not ours, whatever its tables and migrations", async () => {
  const dir = scratch();
  const cases: Record<string, string[]> = {
    'users.db': ['PRAGMA journal_mode = WAL', 'CREATE TABLE users (id integer, name text)'],
    // A TypeORM application of its own: same migrations table, none of our migrations.
    'other-typeorm.db': [
      'CREATE TABLE migrations (id integer PRIMARY KEY, timestamp bigint, name varchar)',
      "INSERT INTO migrations (timestamp, name) VALUES (1600000000000, 'CreateUsers1600000000000')",
      'CREATE TABLE users (id integer)',
    ],
    'odd-migrations.db': ['CREATE TABLE migrations (version text)'],
  };
  for (const [name, statements] of Object.entries(cases)) {
    const path = join(dir, name);
    await run(path, statements);
    const before = hash(path);
    const found = await problem(inspectDatabaseFile(path, { integrity: 'quick' }));
    assert.equal(found.kind, 'not-ours', `${name}: ${found.message}`);
    assert.match(found.message, new RegExp(`${name}.*not a Global Store one`));
    assert.equal(hash(path), before, name);
  }
  assert.deepEqual(readdirSync(dir).sort(), Object.keys(cases).sort(), 'no sidecar left behind');
});

test('our database with a table (or index) we do not know, or one of ours missing, is refused', async () => {
  const dir = scratch();
  const variants: Record<string, string[]> = {
    'extra-table.db': ['CREATE TABLE users (id integer)'],
    'extra-index.db': ['CREATE INDEX ix_mine ON workers (node_id)'],
    'missing-table.db': ['DROP TABLE registration_frames'],
    // The spec's tampered index, on our schema: quick_check cannot see it, the schema can.
    'tampered-index.db': [
      'PRAGMA writable_schema = ON',
      "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_workers_endpoint ON workers (node_id)' WHERE name = 'ix_workers_endpoint'",
    ],
  };
  const expected: Record<string, RegExp> = {
    'extra-table.db': /unexpected table users\(id\)/,
    'extra-index.db': /unexpected index ix_mine on workers\(node_id\)/,
    'missing-table.db': /missing table registration_frames\(/,
    'tampered-index.db':
      /unexpected index ix_workers_endpoint on workers\(node_id\).*missing index ix_workers_endpoint on workers\(node_address,grpc_port\)/,
  };
  for (const [name, statements] of Object.entries(variants)) {
    const path = join(dir, name);
    await ourDatabase(path);
    await run(path, statements);
    const found = await problem(inspectDatabaseFile(path, { integrity: 'quick' }));
    assert.equal(found.kind, 'not-ours', `${name}: ${found.message}`);
    assert.match(found.message, expected[name], name);
  }
});
