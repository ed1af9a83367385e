import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as sqlite3 from 'sqlite3';
import { closeSqlite, openSqlite, sqliteAll } from '../../libs/persistence/src';
import {
  RunResult,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';

/**
 * Issue 15 item 1: pointing database.db_file (or --from, --db) at another application's
 * SQLite file must never change it. Every command that opens a database refuses it, names the
 * file, exits non-zero, and leaves the bytes and the folder exactly as they were.
 */

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function sqlite(path: string, statements: string[]): Promise<void> {
  const db = await openSqlite(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
  for (const sql of statements) await sqliteAll(db, sql);
  await closeSqlite(db);
}

describe('a foreign SQLite database is refused untouched', () => {
  let base: string;
  /** Another application's database, in WAL mode as most are. */
  let usersApp: string;
  /** A Global Store database that also holds a table of somebody else's. */
  let oursPlusUsers: string;

  before(async () => {
    base = tempDir('tc-foreign-');
    usersApp = join(base, 'users-app.db');
    await sqlite(usersApp, [
      'PRAGMA journal_mode = WAL',
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL)',
      "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com')",
      'CREATE INDEX ix_users_email ON users (email)',
    ]);
    oursPlusUsers = join(base, 'ours-plus-users.db');
    const server = await startGlobalStore(
      writeConfig(base, testConfig({ database: { db_file: oursPlusUsers } }), 'make.yaml'),
    );
    assert.equal(await server.stop(), 0);
    await sqlite(oursPlusUsers, [
      'PRAGMA wal_checkpoint(TRUNCATE)',
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL)',
    ]);
  });

  /** A folder holding only a copy of `source` named store.db, and a config pointing at it. */
  function caseWith(source: string): { dir: string; dbFile: string; config: string } {
    const dir = tempDir('tc-foreign-case-');
    const data = join(dir, 'data');
    mkdirSync(data);
    const dbFile = join(data, 'store.db');
    copyFileSync(source, dbFile);
    const config = writeConfig(dir, testConfig({ database: { db_file: dbFile } }));
    return { dir: data, dbFile, config };
  }

  function assertRefused(result: RunResult, file: string, what: string): void {
    const output = result.stdout + result.stderr;
    assert.notEqual(result.code, 0, `${what}: exit code\n${output}`);
    assert.ok(output.includes(file), `${what}: names ${file}\n${output}`);
    assert.match(output, /not a Global Store one|not only a Global Store database/, what);
  }

  for (const [name, source] of [
    ['another application', () => usersApp],
    ['ours plus an unknown table', () => oursPlusUsers],
  ] as const) {
    test(`global start: ${name}`, async () => {
      const { dir, dbFile, config } = caseWith(source());
      const before = fileHash(dbFile);
      const result = await runCli(['global', 'start', `--config=${config}`], {}, 60_000);
      assertRefused(result, dbFile, 'start');
      assert.match(
        result.stdout + result.stderr,
        /refusing to start and leaving the file untouched/,
      );
      assert.doesNotMatch(result.stdout + result.stderr, /applied migration|Global Store serving/);
      assert.equal(fileHash(dbFile), before, 'bytes unchanged');
      assert.deepEqual(readdirSync(dir), ['store.db'], 'no -wal/-shm/-journal left beside it');
    });

    test(`global backup: ${name}`, async () => {
      const { dir, dbFile, config } = caseWith(source());
      const before = fileHash(dbFile);
      const out = join(tempDir(), 'backup.db');
      const result = await runCli(['global', 'backup', `--config=${config}`, `--out=${out}`]);
      assertRefused(result, dbFile, 'backup');
      assert.equal(fileHash(dbFile), before, 'bytes unchanged');
      assert.deepEqual(readdirSync(dir), ['store.db'], 'no sidecar left beside it');
      assert.deepEqual(readdirSync(join(out, '..')), [], 'no backup written');
    });

    test(`global restore --from: ${name}`, async () => {
      const target = tempDir('tc-foreign-target-');
      const config = writeConfig(
        target,
        testConfig({ database: { db_file: join(target, 'data', 'store.db') } }),
      );
      const { dir, dbFile } = caseWith(source());
      const before = fileHash(dbFile);
      const result = await runCli(['global', 'restore', `--config=${config}`, `--from=${dbFile}`]);
      assertRefused(result, dbFile, 'restore --from');
      assert.equal(fileHash(dbFile), before, 'bytes unchanged');
      assert.deepEqual(readdirSync(dir), ['store.db']);
      assert.deepEqual(readdirSync(target), ['config.yaml'], 'nothing restored');
    });

    test(`global restore into a database.db_file that is ${name}`, async () => {
      const { dir, dbFile, config } = caseWith(source());
      const backupDir = tempDir();
      const backup = join(backupDir, 'good.db');
      const good = await startGlobalStore(
        writeConfig(
          backupDir,
          testConfig({ database: { db_file: join(backupDir, 'made.db') } }),
          'made.yaml',
        ),
      );
      assert.equal(await good.stop(), 0);
      const made = await runCli([
        'global',
        'backup',
        `--config=${join(backupDir, 'made.yaml')}`,
        `--out=${backup}`,
      ]);
      assert.equal(made.code, 0, made.stderr);
      const before = fileHash(dbFile);
      const result = await runCli(['global', 'restore', `--config=${config}`, `--from=${backup}`]);
      assertRefused(result, dbFile, 'restore into');
      assert.match(result.stderr, /refusing to replace it, nothing was changed/);
      assert.equal(fileHash(dbFile), before, 'bytes unchanged');
      assert.deepEqual(readdirSync(dir), ['store.db'], 'not moved aside, nothing added');
    });

    test(`global check-db: ${name}`, async () => {
      const { dir, dbFile, config } = caseWith(source());
      const before = fileHash(dbFile);
      for (const args of [[`--config=${config}`], [`--db=${dbFile}`]]) {
        const result = await runCli(['global', 'check-db', ...args]);
        assertRefused(result, dbFile, `check-db ${args[0]}`);
        assert.equal(result.code, 1);
      }
      assert.equal(fileHash(dbFile), before, 'bytes unchanged');
      assert.deepEqual(readdirSync(dir), ['store.db']);
    });
  }

  test('an SQLite file with no tables is not foreign: start creates the schema in it', async () => {
    const dir = tempDir('tc-empty-');
    const dbFile = join(dir, 'store.db');
    await sqlite(dbFile, ['VACUUM']);
    const server = await startGlobalStore(
      writeConfig(dir, testConfig({ database: { db_file: dbFile } })),
    );
    try {
      assert.match(server.output(), /has no tables yet: creating the schema/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const check = await runCli(['global', 'check-db', `--db=${dbFile}`]);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /schema: ours/);
  });
});
