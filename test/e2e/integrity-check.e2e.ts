import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sqlite3 from 'sqlite3';
import { closeSqlite, openSqlite, sqliteAll } from '../../libs/persistence/src';
import {
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { call, connectClients, workerRequest } from './support/grpc-clients';

async function sqlite(path: string, statements: string[]): Promise<void> {
  const db = await openSqlite(path, sqlite3.OPEN_READWRITE);
  for (const sql of statements) await sqliteAll(db, sql);
  await closeSqlite(db);
}

async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/**
 * Makes ux_workers_daemon stale while the schema stays exactly ours: point the index at
 * another column, change daemon_id (the index is not updated), point it back. Every page and
 * b-tree is sound, so quick_check passes; only the full integrity_check, which compares each
 * index entry with its row, sees the damage.
 */
async function makeIndexStale(dbFile: string): Promise<void> {
  const original = 'CREATE UNIQUE INDEX ux_workers_daemon ON workers (daemon_id)';
  await sqlite(dbFile, ['PRAGMA wal_checkpoint(TRUNCATE)']);
  await sqlite(dbFile, [
    'PRAGMA writable_schema = ON',
    "UPDATE sqlite_master SET sql = 'CREATE INDEX ux_workers_daemon ON workers (worker_id)' WHERE name = 'ux_workers_daemon'",
  ]);
  await sqlite(dbFile, ["UPDATE workers SET daemon_id = daemon_id || '-changed'"]);
  await sqlite(dbFile, [
    'PRAGMA writable_schema = ON',
    `UPDATE sqlite_master SET sql = '${original}' WHERE name = 'ux_workers_daemon'`,
  ]);
}

describe('integrity: quick_check at startup, the full check in the background and on demand', () => {
  test('damage only integrity_check sees: startup serves, the background check logs an ERROR and sets the metric, check-db names it', async () => {
    const dir = tempDir('tc-integrity-bg-');
    const dbFile = join(dir, 'store.db');
    const config = writeConfig(
      dir,
      testConfig({ database: { db_file: dbFile, background_integrity_check_delay: '0s' } }),
    );
    const first = await startGlobalStore(config);
    const clients = connectClients(first.address);
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await call(clients.runtime, 'RegisterWorker', workerRequest())).status,
        'STATUS_OK',
      );
    }
    clients.close();
    let clean = '';
    for (let i = 0; i < 100 && !/^tc_db_integrity_check_ok\{check="full"\}/m.test(clean); i++) {
      await sleep(100);
      clean = await metricsText(first.metricsPort);
    }
    assert.match(clean, /tc_db_integrity_check_ok\{check="full"\} 1/);
    assert.equal(await first.stop(), 0);
    assert.match(first.output(), /full integrity_check of .* ok in \d+ ms/);

    const ok = await runCli(['global', 'check-db', `--config=${config}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /: ok\n[\s\S]*integrity_check: ok in \d+ ms[\s\S]*workers=5/);

    await makeIndexStale(dbFile);
    const second = await startGlobalStore(config);
    try {
      assert.match(second.output(), /passed its startup check \(header, schema, quick_check\)/);
      let text = '';
      // The sample line, not the HELP text (which names check="full" from the first scrape).
      for (let i = 0; i < 100 && !/^tc_db_integrity_check_ok\{check="full"\}/m.test(text); i++) {
        await sleep(100);
        text = await metricsText(second.metricsPort);
      }
      assert.match(text, /tc_db_integrity_check_ok\{check="full"\} 0/);
      assert.match(text, /tc_db_integrity_check_ok\{check="quick"\} 1/);
      assert.match(text, /tc_db_integrity_check_seconds\{check="full"\} [\d.e-]+/);
      assert.match(
        second.output(),
        /ERROR.*DATABASE CORRUPTION: full integrity_check of .*store\.db found \d+ problem\(s\): .*ux_workers_daemon/,
      );
      // Still serving: the check ran on a connection of its own.
      const more = connectClients(second.address);
      try {
        const answer = await call(more.runtime, 'RegisterWorker', workerRequest());
        assert.equal(answer.status, 'STATUS_OK');
      } finally {
        more.close();
      }
    } finally {
      assert.equal(await second.stop(), 0);
    }

    const damaged = await runCli(['global', 'check-db', `--db=${dbFile}`]);
    assert.equal(damaged.code, 1);
    assert.match(
      damaged.stderr,
      /store\.db failed its integrity check: .*ux_workers_daemon.*\[corrupt\]/,
    );
  });

  test('check-db usage: no database to check is exit 2, --db belongs to check-db only', async () => {
    const dir = tempDir();
    const inMemory = writeConfig(dir, testConfig());
    const none = await runCli(['global', 'check-db', `--config=${inMemory}`]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /check-db needs --db=FILE/);
    const misplaced = await runCli(['global', 'start', `--db=${join(dir, 'x.db')}`]);
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /unknown option '--db/);
  });
});
