import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as sqlite3 from 'sqlite3';
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
  const writer = await openSqlite(path, CREATE);
  try {
    await sqliteAll(writer, 'PRAGMA journal_mode = WAL');
    await sqliteAll(writer, 'PRAGMA wal_autocheckpoint = 0');
    await sqliteAll(writer, 'CREATE TABLE t (a integer)');
    for (let i = 0; i < 10; i++) await sqliteAll(writer, 'INSERT INTO t VALUES (?)', [i]);
    const before = { db: hash(path), wal: hash(`${path}-wal`) };
    const report = await inspectDatabaseFile(path, { countRows: true });
    assert.deepEqual(report.rowCounts, { t: 10 }, 'rows only in the WAL are counted');
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
