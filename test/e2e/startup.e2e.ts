import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, connectClients, workerRequest } from './support/grpc-clients';
import {
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';

type HealthClient = grpc.Client & {
  check(
    request: { service: string },
    callback: (error: grpc.ServiceError | null, response: { status: string }) => void,
  ): void;
};

function healthClient(address: string): HealthClient {
  const definition = grpc.loadPackageDefinition(
    loadSync(healthProtoPath, { keepCase: true, enums: String }),
  );
  const Health = (
    definition.grpc as unknown as { health: { v1: { Health: grpc.ServiceClientConstructor } } }
  ).health.v1.Health;
  return new Health(address, grpc.credentials.createInsecure()) as unknown as HealthClient;
}

function checkHealth(client: HealthClient, service = ''): Promise<string> {
  return new Promise((resolve, reject) =>
    client.check({ service }, (error, response) =>
      error ? reject(error) : resolve(response.status),
    ),
  );
}

describe('startup, configuration and shutdown', () => {
  test('a config with an unknown key is refused, naming the key and suggesting the near miss', async () => {
    const dir = tempDir();
    const path = writeConfig(dir, testConfig({ worker_policy: { heartbeat_timout: '30s' } }));
    const result = await runCli(['global', 'start', `--config=${path}`]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /worker_policy\.heartbeat_timout: unknown key \(did you mean "heartbeat_timeout"\?\)/,
    );
  });

  test('wrong types, bad durations and out-of-range values are refused with the key path', async () => {
    const dir = tempDir();
    const path = writeConfig(
      dir,
      testConfig({
        server: { listen: { port: 70000 } },
        worker_policy: { heartbeat_timeout: 'soon' },
      }),
    );
    const result = await runCli(['global', 'check-config', `--config=${path}`]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /server\.listen\.port: /);
    assert.match(result.stderr, /worker_policy\.heartbeat_timeout: expected a duration like "30s"/);
  });

  test('check-config prints the effective config; legacy environment variables only warn', async () => {
    const dir = tempDir();
    const path = writeConfig(dir, testConfig());
    const result = await runCli(['global', 'check-config', `--config=${path}`], {
      GLOBAL_STORE_DB_PATH: '/tmp/ignored.db',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /heartbeat_timeout: 30s/);
    assert.match(result.stdout, /db_file: null/);
    assert.match(result.stdout + result.stderr, /GLOBAL_STORE_DB_PATH.*database\.db_file/);
  });

  test('--help and --version', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /tensorcast global <command>/);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^tensorcast-global-store \d+\.\d+\.\d+/);
    // Read from package.json, found from the bundle's folder as from tsc's output.
    const { version: packaged } = JSON.parse(
      readFileSync(join(__dirname, '../../../package.json'), 'utf8'),
    ) as { version: string };
    assert.equal(version.stdout.trim(), `tensorcast-global-store ${packaged}`);
  });

  test('check-config and start refuse the same non-strict JSON and unusable db folder, exit 2 naming line or key', async () => {
    const dir = tempDir();
    const json = join(dir, 'config.json');
    const document = JSON.stringify(testConfig(), null, 2);
    writeFileSync(json, document.replace(/\n}$/, ',\n}'));
    const aFile = join(dir, 'not-a-folder');
    writeFileSync(aFile, 'x');
    const underAFile = writeConfig(
      dir,
      testConfig({ database: { db_file: join(aFile, 'store.db') } }),
      'db-under-a-file.yaml',
    );
    for (const command of ['check-config', 'start']) {
      const trailing = await runCli(['global', command, `--config=${json}`]);
      assert.equal(trailing.code, 2, `${command}: ${trailing.stdout}${trailing.stderr}`);
      assert.match(trailing.stderr, /JSON syntax error at line \d+, column \d+/);

      const folder = await runCli(['global', command, `--config=${underAFile}`]);
      assert.equal(folder.code, 2, `${command}: ${folder.stdout}${folder.stderr}`);
      assert.match(folder.stderr, /database\.db_file: .*not-a-folder is a file, not a folder/);
      assert.doesNotMatch(folder.stderr, /EEXIST|ENOTDIR/);
    }
  });

  test('a foreign database file stops startup with exit 1 and is left untouched', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'store.db');
    const content = "this is not a database, but it is somebody's file";
    writeFileSync(dbFile, content);
    const path = writeConfig(dir, testConfig({ database: { db_file: dbFile } }));
    const result = await runCli(['global', 'start', `--config=${path}`]);
    assert.equal(result.code, 1);
    assert.match(result.stdout + result.stderr, /is not an SQLite database/);
    assert.equal(readFileSync(dbFile, 'utf8'), content, 'the file is never overwritten');
  });

  test('gRPC health is SERVING after startup, and a restart on the same db file keeps workers', async () => {
    const dir = tempDir();
    const path = writeConfig(
      dir,
      testConfig({ database: { db_file: join(dir, 'data', 'store.db') } }),
    );
    const first = await startGlobalStore(path);
    const health = healthClient(first.address);
    assert.equal(await checkHealth(health), 'SERVING');
    assert.equal(
      await checkHealth(health, 'tensorcast.global_store.v1.ClusterRuntimeService'),
      'SERVING',
    );
    health.close();
    let clients = connectClients(first.address);
    const req = workerRequest();
    const reg = await call(clients.runtime, 'RegisterWorker', req);
    const info = await call(clients.admin, 'GetServerInfo', {});
    clients.close();
    assert.equal(await first.stop(), 0);
    assert.match(first.output(), /shutdown complete: database closed/);

    const second = await startGlobalStore(path);
    clients = connectClients(second.address);
    try {
      const listed = await call(clients.runtime, 'ListActiveWorkers', {
        include_unavailable: true,
      });
      const restored = listed.workers.find(
        (w: { worker_id: string }) => w.worker_id === reg.worker_id,
      );
      assert.ok(restored, 'the worker survives the restart');
      assert.equal(restored.status, 'CONNECTION_STATUS_RECONNECTING', 'stale until it re-confirms');
      const hb = await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: reg.worker_id,
        state_version: '1',
        accepting_new_requests: true,
      });
      assert.equal(hb.status, 'STATUS_OK');
      const again = await call(clients.runtime, 'RegisterWorker', req);
      assert.equal(again.worker_id, reg.worker_id, 'same daemon, same worker_id after restart');
      assert.equal(again.reconcile_generation, '2');
      const info2 = await call(clients.admin, 'GetServerInfo', {});
      assert.equal(info2.cluster_id, info.cluster_id, 'cluster_id is created once');
    } finally {
      clients.close();
      assert.equal(await second.stop(), 0);
    }
  });

  test('the bundled server writes its V8 code cache once serving and starts from it next time', async () => {
    const dir = tempDir();
    const path = writeConfig(dir, testConfig({ observability: { logging: { level: 'DEBUG' } } }));
    // Its own cache folder, so the first start finds no cache whatever ran before.
    const env = { NODE_COMPILE_CACHE: join(dir, 'cache'), NODE_DISABLE_COMPILE_CACHE: '' };
    const startOnce = async () => {
      const server = await startGlobalStore(path, env);
      await sleep(200);
      assert.equal(await server.stop(), 0);
      return /code cache of the bundle: (.*)/.exec(server.output())?.[1];
    };
    assert.equal(await startOnce(), 'missing; written for the next start');
    assert.equal(await startOnce(), 'accepted');
  });

  test('heartbeats are persisted in batches: after SIGKILL the last flushed values come back', async () => {
    const dir = tempDir();
    const path = writeConfig(dir, testConfig({ database: { db_file: join(dir, 'store.db') } }));
    const first = await startGlobalStore(path);
    let clients = connectClients(first.address);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reg = await call(clients.runtime, 'RegisterWorker', workerRequest());
      ids.push(reg.worker_id);
      await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: reg.worker_id,
        state_version: '1',
        mem_pool_available_size: String(1000 + i),
        accepting_new_requests: i !== 1,
        capability_flags: String(i),
      });
    }
    clients.close();
    await sleep(1600); // one flush interval (1 s) and some
    await first.kill();

    const second = await startGlobalStore(path);
    clients = connectClients(second.address);
    try {
      const listed = await call(clients.runtime, 'ListActiveWorkers', {
        include_unavailable: true,
      });
      ids.forEach((id, i) => {
        const w = listed.workers.find((x: { worker_id: string }) => x.worker_id === id);
        assert.ok(w, `worker ${i} restored`);
        assert.equal(w.mem_pool_available_size, String(1000 + i));
        assert.equal(w.accepting_new_requests, i !== 1);
        assert.equal(w.capability_flags, String(i));
      });
    } finally {
      clients.close();
      await second.stop();
    }
  });
});
