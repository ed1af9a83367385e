import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import * as sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/src';
import { storageFaultCode } from './storage-fault';
import { WriteQueue } from './write-queue';

// A file database, so a second connection can tell whether a write really committed.
let dir: string;
let dbFile: string;
let dataSource: DataSource;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tc-wq-faults-'));
  dbFile = join(dir, 'queue.db');
  dataSource = new DataSource({
    type: 'sqlite',
    database: dbFile,
    enableWAL: true,
    busyTimeout: 3000,
  });
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE t (id integer PRIMARY KEY, v text NOT NULL)');
});

after(async () => {
  await dataSource.destroy();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await dataSource.query('PRAGMA max_page_count = 1073741823');
  await dataSource.query('DELETE FROM t');
});

/** Reads through an independent connection: sees only what was committed. */
async function committedIds(): Promise<number[]> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  try {
    const rows = await new Promise<{ id: number }[]>((resolve, reject) =>
      db.all('SELECT id FROM t ORDER BY id', (error, result: { id: number }[]) =>
        error ? reject(error) : resolve(result),
      ),
    );
    return rows.map((r) => r.id);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

function insert(queue: WriteQueue, id: number, value = 'x'): Promise<unknown> {
  return queue.run((tx) => tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [id, value]));
}

test('a storage fault inside one write fails its whole group and leaves nothing behind', async () => {
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const full = Object.assign(new Error('SQLITE_FULL: database or disk is full'), {
    code: 'SQLITE_FULL',
  });
  const outcomes = await Promise.allSettled([
    insert(queue, 1),
    queue.run(async (tx) => {
      await tx.manager.query('INSERT INTO t (id, v) VALUES (2, ?)', ['doomed']);
      throw full;
    }),
    insert(queue, 3),
  ]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected', 'rejected'],
    'no caller is told its write is durable when the group was rolled back',
  );
  for (const outcome of outcomes) {
    // Raised as the domain error a client is answered with, carrying the driver's error.
    const reason = outcome.status === 'rejected' ? (outcome.reason as DomainError) : undefined;
    assert.ok(reason instanceof DomainError);
    assert.equal(reason.code, 'STORAGE_FULL');
    assert.equal(reason.cause, full);
  }
  assert.deepEqual(await committedIds(), []);
  await insert(queue, 4);
  assert.deepEqual(
    await committedIds(),
    [4],
    'the next write commits for real (no stray transaction)',
  );
});

test('a real SQLITE_FULL (max_page_count reached) is reported to every caller and the queue recovers', async () => {
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  await insert(queue, 1);
  const pages: { page_count: number }[] = await dataSource.query('PRAGMA page_count');
  await dataSource.query(`PRAGMA max_page_count = ${pages[0].page_count}`);
  const big = 'y'.repeat(64 * 1024);
  const outcomes = await Promise.allSettled([insert(queue, 2, big), insert(queue, 3, big)]);
  for (const outcome of outcomes) {
    assert.equal(outcome.status, 'rejected');
    assert.equal(
      storageFaultCode(outcome.status === 'rejected' ? outcome.reason : undefined),
      'SQLITE_FULL',
    );
  }
  assert.deepEqual(await committedIds(), [1]);

  await dataSource.query('PRAGMA max_page_count = 1073741823');
  await Promise.all([insert(queue, 5, big), insert(queue, 6)]);
  assert.deepEqual(await committedIds(), [1, 5, 6], 'space returned: writes commit again');
});

test('maintenance runs between groups, outside any transaction', async () => {
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const order: string[] = [];
  const writes = Array.from({ length: 20 }, (_, i) =>
    queue.run(async (tx) => {
      await tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'x']);
      order.push(`w${i}`);
    }),
  );
  const checkpoint = queue.runMaintenance(async (manager) => {
    order.push('checkpoint');
    return manager.query<{ busy: number }[]>('PRAGMA wal_checkpoint(TRUNCATE)');
  });
  const later = insert(queue, 100).then(() => order.push('w100'));
  const [result] = await Promise.all([checkpoint, ...writes, later]);
  assert.equal(result[0].busy, 0, 'a checkpoint inside a transaction would report busy');
  assert.deepEqual(
    order.slice(-2),
    ['checkpoint', 'w100'],
    'queued after the first 20, before the next',
  );
  assert.equal((await committedIds()).length, 21);
});

test('a failing maintenance job is answered and does not disturb writes', async () => {
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  await assert.rejects(queue.runMaintenance((manager) => manager.query('PRAGMA no_such_thing(')));
  await insert(queue, 7);
  assert.deepEqual(await committedIds(), [7]);
});

test('a group waits (busy_timeout) for a write lock another process holds, even when it reads first', async () => {
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const blocker = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(dbFile, sqlite3.OPEN_READWRITE, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => blocker.exec(sql, (e) => (e ? reject(e) : resolve())));
  await exec('BEGIN IMMEDIATE');
  const started = performance.now();
  // Read, then write: a deferred transaction would fail at once with SQLITE_BUSY here.
  const write = queue.run(async (tx) => {
    await tx.manager.query('SELECT COUNT(*) FROM t');
    await tx.manager.query('INSERT INTO t (id, v) VALUES (9, ?)', ['after-wait']);
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await exec('ROLLBACK');
  await write;
  assert.ok(performance.now() - started >= 300);
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  assert.deepEqual(await committedIds(), [9]);
});
