import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sqlite3 from 'sqlite3';
import { call, connectClients, workerRequest } from './support/grpc-clients';
import { startGlobalStore, tempDir, testConfig, writeConfig } from './support/global-store.process';
import { E2eDatabase, e2eDatabase, testDrivers } from './support/databases';

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} is exported`);
  return Number(line.split(' ')[1]);
}

async function storedHeartbeat(database: E2eDatabase, workerId: string): Promise<number> {
  if (database.postgresName !== undefined) {
    const rows = await database.query<{ at: string }>(
      'SELECT last_heartbeat_at AS at FROM workers WHERE worker_id = $1',
      [workerId],
    );
    return Number(rows[0]?.at);
  }
  return sqliteHeartbeat(String(database.section.db_file), workerId);
}

function sqliteHeartbeat(dbFile: string, workerId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (open) => {
      if (open) return reject(open);
      db.get(
        'SELECT last_heartbeat_at AS at FROM workers WHERE worker_id = ?',
        [workerId],
        (error, row: { at: number | string } | undefined) => {
          db.close();
          if (error) reject(error);
          else resolve(Number(row?.at));
        },
      );
    });
  });
}

const toMs = (ts: { seconds: string; nanos: number }) =>
  Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6);

for (const driver of testDrivers()) {
  describe(`workers after a restart (${driver})`, () => {
    test('restored workers are unconfirmed, keep their real last heartbeat, and time out in one line', async () => {
      const dir = tempDir();
      const database = await e2eDatabase(driver, 'workers_restart', { dir });
      const configPath = writeConfig(
        dir,
        testConfig({
          database: database.section,
          worker_policy: { heartbeat_timeout: '2s', default_heartbeat_interval: '0.5s' },
        }),
      );
      let server = await startGlobalStore(configPath);
      let clients = connectClients(server.address);
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        ids.push((await call(clients.runtime, 'RegisterWorker', workerRequest())).worker_id);
      }
      await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: ids[0],
        state_version: '1',
        accepting_new_requests: true,
      });
      const before = await call(clients.runtime, 'ListActiveWorkers', {});
      const heardFrom = before.workers.find((w: { worker_id: string }) => w.worker_id === ids[0]);
      clients.close();
      if (!heardFrom) await server.kill();
      assert.ok(heardFrom);
      const heard = toMs(heardFrom.last_heartbeat_ts);
      assert.equal(await server.stop(), 0);
      await sleep(1200);

      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      try {
        const listed = await call(clients.runtime, 'ListActiveWorkers', {
          include_unavailable: true,
        });
        const first = listed.workers.find((w: { worker_id: string }) => w.worker_id === ids[0]);
        assert.ok(first, 'a restored worker is listed during its grace period');
        assert.equal(first.status, 'CONNECTION_STATUS_RECONNECTING');
        assert.equal(toMs(first.last_heartbeat_ts), heard, 'the last heartbeat actually received');
        assert.equal(await metric(server.metricsPort, 'tc_active_workers'), 0);
        assert.equal(await metric(server.metricsPort, 'tc_workers{state="unconfirmed"}'), 3);

        // One of them heartbeats: it is active again; the other two time out together.
        await call(clients.runtime, 'WorkerHeartbeat', {
          worker_id: ids[1],
          state_version: '1',
          accepting_new_requests: true,
        });
        assert.equal(await metric(server.metricsPort, 'tc_active_workers'), 1);
        const until = Date.now() + 10_000;
        while (!/2 worker\(s\) restored at startup were not re-confirmed/.test(server.output())) {
          assert.ok(Date.now() < until, `no summary line:\n${server.output()}`);
          await sleep(100);
          await call(clients.runtime, 'WorkerHeartbeat', {
            worker_id: ids[1],
            state_version: '1',
            accepting_new_requests: true,
          });
        }
        assert.doesNotMatch(server.output(), /worker \S+ timed out/, 'no line per restored worker');
        assert.equal(await metric(server.metricsPort, 'tc_workers{state="inactive"}'), 2);
      } catch (error) {
        // A failed assertion must not leave the server running: the runner would wait on it.
        await server.kill();
        throw error;
      } finally {
        clients.close();
      }
      assert.equal(await server.stop(), 0);
      assert.equal(await storedHeartbeat(database, ids[0]), heard, 'the database keeps it too');
      await database.drop();
    });
  });
}
