import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sqlite3 from 'sqlite3';
import {
  closeSqlite,
  inspectDatabaseFile,
  openSqlite,
  sqliteAll,
} from '../../libs/persistence/src/offline';
import {
  GlobalStoreProcess,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  expectGrpcError,
  workerRequest,
} from './support/grpc-clients';

/** A size-limited tmpfs: a disk that really fills up. Undefined when mounting is not allowed. */
function mountTmpfs(dir: string, size: string): { unmount(): void } | { refused: string } {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) {
    return { refused: (mounted.stderr || mounted.error?.message || 'mount failed').trim() };
  }
  return {
    unmount: () => {
      spawnSync('umount', [dir]);
    },
  };
}

/** Writes until the filesystem answers ENOSPC; returns the filler's path. */
function fillUp(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial pages: a 1-byte write must fail too.
  const tail = openSync(join(dir, 'filler-tail'), 'w');
  try {
    for (;;) writeSync(tail, Buffer.alloc(512, 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(tail);
  }
  return filler;
}

async function registerWorker(clients: GlobalStoreClients): Promise<Message> {
  const request = workerRequest();
  const response = await call(clients.runtime, 'RegisterWorker', request);
  assert.equal(response.status, 'STATUS_OK');
  return { ...request, worker_id: response.worker_id };
}

function heartbeat(clients: GlobalStoreClients, workerId: string): Promise<Message> {
  return call(clients.runtime, 'WorkerHeartbeat', {
    worker_id: workerId,
    state_version: '1',
    accepting_new_requests: true,
  });
}

describe('durability: storage faults', () => {
  test('disk full: writes fail with RESOURCE_EXHAUSTED, reads and heartbeats go on, writes resume when space returns', async (t) => {
    const dir = tempDir('tc-full-');
    const disk = join(dir, 'disk');
    const mount = mountTmpfs(disk, '8m');
    if ('refused' in mount) {
      t.skip(
        `cannot mount a size-limited tmpfs here (${mount.refused}); needs root or CAP_SYS_ADMIN`,
      );
      return;
    }
    let server: GlobalStoreProcess | undefined;
    let clients: GlobalStoreClients | undefined;
    try {
      const dbFile = join(disk, 'store.db');
      server = await startGlobalStore(
        writeConfig(dir, testConfig({ database: { db_file: dbFile } })),
      );
      clients = connectClients(server.address);
      const before = await registerWorker(clients);

      const filler = fillUp(disk);
      for (let i = 0; i < 3; i++) {
        await expectGrpcError(
          call(clients.runtime, 'RegisterWorker', workerRequest()),
          status.RESOURCE_EXHAUSTED,
          /^storage full, the write was not applied: .*SQLITE_FULL/,
        );
      }
      const hb = await heartbeat(clients, before.worker_id as string);
      assert.equal(hb.status, 'STATUS_OK', 'heartbeats live in memory');
      const listed = await call(clients.runtime, 'ListActiveWorkers', {});
      assert.ok(listed.workers.some((w: Message) => w.worker_id === before.worker_id));
      const health = await fetch(`http://127.0.0.1:${server.metricsPort}/health`);
      assert.equal(health.status, 200, 'still serving');

      rmSync(filler);
      rmSync(join(disk, 'filler-tail'));
      const after = await registerWorker(clients);
      clients.close();
      clients = undefined;
      assert.equal(await server.stop(), 0, 'no crash, clean shutdown');
      assert.match(server.output(), /rolled back \d+ write\(s\): SQLITE_FULL/);

      const report = await inspectDatabaseFile(dbFile, { countRows: true });
      assert.equal(
        report.rowCounts.workers,
        2,
        'the two acknowledged workers, nothing from the failed writes',
      );
      const db = await openSqlite(dbFile, sqlite3.OPEN_READONLY);
      const ids = await sqliteAll<{ worker_id: string }>(
        db,
        'SELECT worker_id FROM workers ORDER BY registered_at',
      );
      await closeSqlite(db);
      assert.deepEqual(
        ids.map((r) => r.worker_id),
        [before.worker_id, after.worker_id],
      );
    } finally {
      clients?.close();
      await server?.kill();
      mount.unmount();
    }
  });

  test('a read-only database path stops startup with a clear message and exit 1', async (t) => {
    const dir = tempDir('tc-ro-');
    const disk = join(dir, 'disk');
    const mount = mountTmpfs(disk, '8m');
    if ('refused' in mount) {
      t.skip(`cannot mount a tmpfs here (${mount.refused}); needs root or CAP_SYS_ADMIN`);
      return;
    }
    try {
      const configPath = writeConfig(
        dir,
        testConfig({ database: { db_file: join(disk, 'store.db') } }),
      );
      const first = await startGlobalStore(configPath);
      const clients = connectClients(first.address);
      await registerWorker(clients);
      clients.close();
      assert.equal(await first.stop(), 0);
      const remount = spawnSync('mount', ['-o', 'remount,ro', disk], { encoding: 'utf8' });
      assert.equal(remount.status, 0, remount.stderr);
      const result = await runCli(['global', 'start', `--config=${configPath}`]);
      assert.equal(result.code, 1);
      assert.match(result.stdout + result.stderr, /is not writable \(EROFS|read-only file system/i);
      assert.doesNotMatch(result.stdout + result.stderr, /Global Store serving/);
    } finally {
      mount.unmount();
    }
  });

  test('a stalled disk does not stall heartbeats; a write stuck past busy_timeout fails UNAVAILABLE', async () => {
    const dir = tempDir('tc-stall-');
    const dbFile = join(dir, 'store.db');
    const server = await startGlobalStore(
      writeConfig(dir, testConfig({ database: { db_file: dbFile } })),
    );
    const clients = connectClients(server.address);
    // Another process holding SQLite's write lock stands in for a disk that stopped answering:
    // the server's writer waits in its busy handler, off the event loop.
    const blocker = await openSqlite(dbFile, sqlite3.OPEN_READWRITE);
    try {
      const workers = await Promise.all(Array.from({ length: 5 }, () => registerWorker(clients)));
      await sqliteAll(blocker, 'BEGIN IMMEDIATE');
      const stalledAt = performance.now();
      const stalled = call(clients.runtime, 'RegisterWorker', workerRequest());
      let stalledDone = false;
      void stalled.then(
        () => (stalledDone = true),
        () => (stalledDone = true),
      );
      await sleep(100);
      const queued = call(clients.runtime, 'RegisterWorker', workerRequest());

      const latencies: number[] = [];
      while (performance.now() - stalledAt < 1500) {
        for (const w of workers) {
          const sent = performance.now();
          const hb = await heartbeat(clients, w.worker_id as string);
          latencies.push(performance.now() - sent);
          assert.equal(hb.status, 'STATUS_OK');
        }
        await sleep(50);
      }
      assert.equal(stalledDone, false, 'the write is still waiting for the disk');
      latencies.sort((a, b) => a - b);
      const worst = latencies[latencies.length - 1];
      assert.ok(latencies.length >= 50, `${latencies.length} heartbeats answered during the stall`);
      assert.ok(worst < 250, `worst heartbeat latency during the stall: ${worst.toFixed(1)} ms`);

      await sqliteAll(blocker, 'ROLLBACK');
      const [first, second] = await Promise.all([stalled, queued]);
      assert.equal(first.status, 'STATUS_OK', 'the stalled write completes once the disk answers');
      assert.equal(second.status, 'STATUS_OK');

      // Past the server's busy_timeout (5 s) the write gives up with a clear status.
      await sqliteAll(blocker, 'BEGIN IMMEDIATE');
      await expectGrpcError(
        call(clients.runtime, 'RegisterWorker', workerRequest(), 15_000),
        status.UNAVAILABLE,
        /^storage unavailable, the write was not applied: .*SQLITE_BUSY/,
      );
      await sqliteAll(blocker, 'ROLLBACK');
      await registerWorker(clients);
    } finally {
      await closeSqlite(blocker).catch(() => undefined);
      clients.close();
      assert.equal(await server.stop(), 0);
    }
  });
});
