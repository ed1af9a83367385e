import { ServiceError, status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import {
  TestDatabase,
  allowConnections,
  createTestDatabase,
  terminateConnections,
  testDrivers,
} from '../../libs/persistence/src/test-databases.harness';
import {
  GlobalStoreClients,
  call,
  connectClients,
  expectGrpcError,
  workerRequest,
} from './support/grpc-clients';
import {
  GlobalStoreProcess,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';

/** Polls until check passes or the time is up (then its last failure is thrown). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await sleep(200);
    }
  }
}

async function health(server: GlobalStoreProcess): Promise<{ code: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${server.metricsPort}/health`);
  return { code: response.status, body: await response.json() };
}

describe(
  'PostgreSQL going away and coming back',
  { skip: !testDrivers().includes('postgres') },
  () => {
    let database: TestDatabase;
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;

    before(async () => {
      database = await createTestDatabase('outage');
      const config = testConfig({
        database: {
          ...database.configSection(),
          postgres: { url: database.url, connect_timeout: '2s' },
        },
      });
      server = await startGlobalStore(writeConfig(tempDir(), config));
      clients = connectClients(server.address);
    });

    after(async () => {
      clients.close();
      await allowConnections(database.name, true);
      assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
      await database.drop();
    });

    test('connections cut: no RPC fails with anything but UNAVAILABLE, and the server reconnects', async () => {
      const before = await call(clients.runtime, 'RegisterWorker', workerRequest());
      assert.equal(before.status, 'STATUS_OK');
      assert.ok((await terminateConnections(database.name)) > 0, 'the server had connections');
      // The pool notices the cut on the next use: a write either fails UNAVAILABLE or, once
      // the pool has replaced the connection, succeeds. Never INTERNAL, never a crash.
      let succeeded = 0;
      for (let i = 0; i < 10; i++) {
        try {
          const reg = await call(clients.runtime, 'RegisterWorker', workerRequest());
          assert.equal(reg.status, 'STATUS_OK');
          succeeded += 1;
        } catch (error) {
          const failure = error as ServiceError;
          assert.equal(failure.code, status.UNAVAILABLE, failure.details);
          assert.match(failure.details, /database/);
        }
      }
      assert.ok(succeeded >= 9, `at most the first write after the cut fails (${succeeded}/10)`);
      const listed = await call(clients.runtime, 'ListActiveWorkers', {});
      assert.ok(
        listed.workers.some((w: { worker_id: string }) => w.worker_id === before.worker_id),
      );
    });

    test('database refusing connections: writes UNAVAILABLE with a message, /health 503; then both recover', async () => {
      const worker = await call(clients.runtime, 'RegisterWorker', workerRequest());
      await allowConnections(database.name, false);
      await terminateConnections(database.name);

      const refused = await expectGrpcError(
        call(clients.runtime, 'RegisterWorker', workerRequest()),
        status.UNAVAILABLE,
        /database.*retry/,
      );
      assert.doesNotMatch(refused.details, /internal/i);
      // Hot state lives in memory: heartbeats of known workers are still answered.
      const hb = await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: worker.worker_id,
        state_version: '1',
      });
      assert.equal(hb.status, 'STATUS_OK');
      await eventually(async () => {
        const down = await health(server);
        assert.equal(down.code, 503);
        assert.match(JSON.stringify(down.body), /"database":"database unreachable: /);
      });

      await allowConnections(database.name, true);
      await eventually(async () => {
        const reg = await call(clients.runtime, 'RegisterWorker', workerRequest());
        assert.equal(reg.status, 'STATUS_OK');
      });
      await eventually(async () => assert.equal((await health(server)).code, 200));
      assert.match(server.output(), /database reachable again/);
      assert.doesNotMatch(server.output(), /unexpected error|Unhandled|uncaught/i);
    });
  },
);

describe('PostgreSQL config and commands', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/tc_pgdriver_never_created';
  const dir = tempDir('tc-pg-cli-');
  const configPath = writeConfig(
    dir,
    testConfig({ database: { driver: 'postgres', postgres: { url, connect_timeout: '2s' } } }),
  );

  test('check-config prints the postgres block as the server reads it', async () => {
    const result = await runCli(['global', 'check-config', `--config=${configPath}`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /driver: postgres/);
    assert.match(
      result.stdout,
      /url: postgres:\/\/postgres@127\.0\.0\.1:5432\/tc_pgdriver_never_created/,
    );
    assert.match(result.stdout, /statement_timeout: 30s/);
  });

  test('backup and check-db are for SQLite: they point at pg_dump and change nothing', async () => {
    const out = join(dir, 'backup.db');
    const cases: [string[], RegExp][] = [
      [['backup', `--out=${out}`], /backup is for the SQLite driver.*use pg_dump/],
      [['check-db'], /check-db is for the SQLite driver/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['global', ...args, `--config=${configPath}`]);
      assert.equal(result.code, 2, `${args[0]}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  test('a database that does not exist stops startup with exit 1 and a message naming it', async () => {
    const result = await runCli(['global', 'start', `--config=${configPath}`]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout + result.stderr,
      /cannot connect to database postgres:\/\/127\.0\.0\.1:5432\/tc_pgdriver_never_created: .*does not exist/,
    );
  });

  test('a missing password_file is a config error naming the key (exit 2)', async () => {
    const missing = join(dir, 'no-such-secret');
    const withSecret = writeConfig(
      dir,
      testConfig({ database: { driver: 'postgres', postgres: { url, password_file: missing } } }),
      'secret.yaml',
    );
    // startupConfigProblems, shared by check-config and start, reads the file.
    for (const command of ['start']) {
      const result = await runCli(['global', command, `--config=${withSecret}`]);
      assert.equal(result.code, 2, command);
      assert.match(
        result.stderr,
        new RegExp(`database\\.postgres\\.password_file: cannot read ${missing}: no such file`),
      );
    }
  });
});
