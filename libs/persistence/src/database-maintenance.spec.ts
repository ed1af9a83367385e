import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../common/src';
import { GlobalStoreConfig } from '../../config/src';
import { register } from 'prom-client';
import { DatabaseMaintenance } from './database-maintenance.service';
import { dataSourceOptions, openDatabase } from './database';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { IDEMPOTENCY_RETENTION_MS, IdempotencyStore } from './idempotency.store';
import { PersistenceMetrics } from './persistence.metrics';
import { closeSqlite, fileSize, openSqlite, sqliteAll } from './sqlite-file';
import { WriteQueue } from './write-queue';

let dir: string;
let dbFile: string;
let dataSource: DataSource;
let queue: WriteQueue;
let maintenance: DatabaseMaintenance;
const clock = new ManualClock();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tc-maint-'));
  dbFile = join(dir, 'store.db');
  const settings = { dbFile, synchronous: 'NORMAL' as const };
  dataSource = await openDatabase(settings, dataSourceOptions(settings, [IdempotencyRecordEntity]));
  await dataSource.query('CREATE TABLE filler (body blob NOT NULL)');
  queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const config = {
    database: { db_file: dbFile, optimize_interval: 60_000 },
    worker_policy: { cleanup_interval: 60_000 },
  } as unknown as GlobalStoreConfig;
  maintenance = new DatabaseMaintenance(
    config,
    queue,
    new IdempotencyStore(clock),
    new PersistenceMetrics(),
  );
});

after(async () => {
  maintenance.onModuleDestroy();
  await dataSource.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function fill(megabytes: number): Promise<void> {
  const chunk = Buffer.alloc(256 * 1024, 7);
  await Promise.all(
    Array.from({ length: megabytes * 4 }, () =>
      queue.run((tx) => tx.manager.query('INSERT INTO filler (body) VALUES (?)', [chunk])),
    ),
  );
}

async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await register.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = metric?.values.find((v) =>
    Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want),
  );
  return Number(sample?.value ?? NaN);
}

test('a WAL grown past its limit is checkpointed and truncated; a pinned reader defers it without stalling writes', async () => {
  maintenance.walLimitBytes = 1024 * 1024;
  assert.equal(await maintenance.checkWalSize(), undefined, 'nothing to do while the WAL is small');

  // An open read transaction (an online backup, say) pins the WAL: nothing can be reset.
  const reader = await openSqlite(dbFile, sqlite3.OPEN_READONLY);
  await sqliteAll(reader, 'BEGIN');
  await sqliteAll(reader, 'SELECT COUNT(*) FROM filler');
  await fill(3);
  assert.ok(fileSize(`${dbFile}-wal`) > maintenance.walLimitBytes);
  assert.equal(
    await metricValue('tc_db_wal_bytes'),
    fileSize(`${dbFile}-wal`),
    'exported at scrape',
  );

  const started = performance.now();
  const [deferred] = await Promise.all([maintenance.checkWalSize(), fill(1)]);
  assert.equal(deferred?.complete, false, 'the reader keeps part of the WAL');
  assert.ok(
    performance.now() - started < 2000,
    'the checkpoint gave up quickly instead of blocking writes',
  );

  await sqliteAll(reader, 'COMMIT');
  await closeSqlite(reader);
  const done = await maintenance.checkWalSize();
  assert.equal(done?.complete, true);
  assert.equal(done?.walBytesAfter, 0, 'TRUNCATE empties the WAL file');
  assert.ok(
    (await metricValue('tc_db_maintenance_total', {
      task: 'checkpoint',
      reason: 'wal_size',
      result: 'ok',
    })) >= 1,
  );
  assert.ok(
    (await metricValue('tc_db_file_bytes')) >= 4 * 1024 * 1024,
    'the pages moved into the main file',
  );
});

test('under sustained writes the WAL stays bounded', async () => {
  maintenance.walLimitBytes = 2 * 1024 * 1024;
  let largest = 0;
  for (let round = 0; round < 10; round++) {
    await fill(1);
    largest = Math.max(largest, fileSize(`${dbFile}-wal`));
    await maintenance.checkWalSize();
  }
  // SQLite's autocheckpoint recycles the WAL at ~1000 pages (4 MiB); our check truncates it.
  assert.ok(largest < 8 * 1024 * 1024, `largest WAL ${largest} bytes`);
  assert.ok(fileSize(`${dbFile}-wal`) <= maintenance.walLimitBytes);
});

test('optimize runs PRAGMA optimize and a checkpoint through the write queue', async () => {
  await fill(1);
  const before = await metricValue('tc_db_maintenance_total', { task: 'optimize', result: 'ok' });
  await Promise.all([maintenance.optimize(), fill(1)]);
  assert.equal(
    await metricValue('tc_db_maintenance_total', { task: 'optimize', result: 'ok' }),
    (before || 0) + 1,
  );
  assert.equal(fileSize(`${dbFile}-wal`), 0);
  assert.ok(existsSync(dbFile));
});

test('expired idempotency records are purged; fresh ones stay', async () => {
  const store = new IdempotencyStore(clock);
  await queue.run((tx) => store.execute(tx, 'Op', 'old', 'f', async () => ({ ok: true })));
  clock.advance(IDEMPOTENCY_RETENTION_MS - 1000);
  await queue.run((tx) => store.execute(tx, 'Op', 'fresh', 'f', async () => ({ ok: true })));
  clock.advance(2000);
  assert.equal(await maintenance.purgeIdempotencyRecords(), 1);
  const left = await dataSource.getRepository(IdempotencyRecordEntity).find();
  assert.deepEqual(
    left.map((r) => r.clientRequestId),
    ['fresh'],
  );
});
