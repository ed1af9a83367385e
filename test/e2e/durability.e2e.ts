import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sqlite3 from 'sqlite3';
import { mi2ArtifactId, sha256, sha256Multihash } from '../../libs/artifacts/src';
import { closeSqlite, openSqlite, sqliteAll } from '../../libs/persistence/src';
import {
  MAIN_JS,
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
  workerRequest,
} from './support/grpc-clients';

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function artifact(tag: string): { artifactId: string; indexData: Buffer } {
  const indexData = Buffer.from(`{"tensors":["${tag}-${process.pid}"]}`);
  const artifactId = mi2ArtifactId(
    sha256Multihash(indexData),
    sha256Multihash(Buffer.from(`data ${tag}`)),
  );
  return { artifactId, indexData };
}

async function registerWorker(clients: GlobalStoreClients): Promise<Message> {
  const request = workerRequest();
  const response = await call(clients.runtime, 'RegisterWorker', request);
  assert.equal(response.status, 'STATUS_OK');
  return { ...request, worker_id: response.worker_id };
}

/** A database made by a real server and closed cleanly, as the base for corrupt variants. */
async function makeDatabase(dir: string): Promise<string> {
  const dbFile = join(dir, 'made.db');
  const server = await startGlobalStore(
    writeConfig(dir, testConfig({ database: { db_file: dbFile } }), 'made.yaml'),
  );
  const clients = connectClients(server.address);
  for (let i = 0; i < 20; i++) await registerWorker(clients);
  clients.close();
  assert.equal(await server.stop(), 0);
  return dbFile;
}

describe('durability: restart recovery', () => {
  test('after SIGKILL every kind of state is restored; SERVING only once recovery is done; recovery is logged and exported', async () => {
    const dir = tempDir('tc-durable-');
    const dbFile = join(dir, 'data', 'store.db');
    const grpcPort = await freePort();
    const metricsPort = await freePort();
    const configPath = writeConfig(
      dir,
      testConfig({
        database: { db_file: dbFile },
        server: { listen: { port: grpcPort }, metrics_port: metricsPort },
      }),
    );

    const first = await startGlobalStore(configPath);
    let clients = connectClients(first.address);
    const worker = await registerWorker(clients);
    const art = artifact('restart');
    const gpu = await call(clients.runtime, 'RegisterReplica', {
      artifact_id: art.artifactId,
      worker_id: worker.worker_id,
      max_concurrency: 4,
      mem_info: {
        node_id: worker.node_id,
        node_address: '127.0.0.1',
        node_port: 7001,
        memory_size: '64',
        memory_type: 'MEMORY_TYPE_GPU',
        device_id: 1,
      },
      tensor_index_data: art.indexData,
      encoding: 'json',
    });
    assert.equal(gpu.status, 'STATUS_OK');
    const ram = await call(clients.runtime, 'RegisterReplica', {
      artifact_id: art.artifactId,
      worker_id: worker.worker_id,
      max_concurrency: 4,
      mem_info: {
        node_id: worker.node_id,
        node_address: '127.0.0.1',
        node_port: 7001,
        memory_size: '64',
        memory_type: 'MEMORY_TYPE_RAM',
      },
    });
    assert.equal(ram.status, 'STATUS_OK');
    const mapped = await call(clients.catalog, 'UpsertKeyMapping', {
      key: 'models/durable',
      artifact_id: art.artifactId,
    });
    assert.equal(mapped.status, 'STATUS_OK');
    const begun = await call(clients.registration, 'BeginRegistration', {
      worker_id: worker.worker_id,
      daemon_id: worker.daemon_id,
      owner_pid: 4242,
      total_size: '96',
      tensor_index_data: artifact('open-registration').indexData,
      encoding: 'json',
      coalesced: {},
    });
    const { cluster_id: clusterId } = await call(clients.admin, 'GetServerInfo', {});
    clients.close();
    await first.kill();

    // Poll health from the moment the process exists: nothing may answer before recovery
    // finished, and what answers must say SERVING.
    const child = spawn(process.execPath, [MAIN_JS, 'global', 'start', `--config=${configPath}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let recoveredAt: number | undefined;
    const onData = (d: Buffer) => {
      output += d.toString();
      if (recoveredAt === undefined && /recovery took [\d.]+ ms/.test(output))
        recoveredAt = performance.now();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const answers: { at: number; status: number; body: string }[] = [];
    try {
      const deadline = performance.now() + 20_000;
      while (performance.now() < deadline) {
        try {
          const response = await fetch(`http://127.0.0.1:${metricsPort}/health`);
          answers.push({
            at: performance.now(),
            status: response.status,
            body: await response.text(),
          });
          if (response.status === 200) break;
        } catch {
          // connection refused: not listening yet
        }
        await sleep(5);
      }
      assert.ok(answers.length > 0, `health never answered:\n${output}`);
      assert.ok(
        recoveredAt !== undefined && answers[0].at > recoveredAt,
        'no answer before recovery finished',
      );
      assert.deepEqual(
        answers.map((a) => [a.status, (JSON.parse(a.body) as { status: string }).status]),
        [[200, 'SERVING']],
        'the first answer is already SERVING',
      );

      clients = connectClients(`127.0.0.1:${grpcPort}`);
      const info = await call(clients.admin, 'GetServerInfo', {});
      assert.equal(info.cluster_id, clusterId, 'cluster_id kept');

      const listed = await call(clients.runtime, 'ListActiveWorkers', {
        include_unavailable: true,
      });
      const restored = listed.workers.find((w: Message) => w.worker_id === worker.worker_id);
      assert.equal(restored?.status, 'CONNECTION_STATUS_RECONNECTING', 'the worker is back, stale');

      const artifactInfo = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: art.artifactId,
      });
      assert.equal(artifactInfo.status, 'STATUS_OK', 'the artifact is back');
      assert.deepEqual(artifactInfo.replicas, [], 'replicas unavailable until re-confirmed');
      const counts = await call(clients.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [art.artifactId],
      });
      assert.deepEqual(counts.counts[0], {
        artifact_id: art.artifactId,
        replica_count: 2,
        available_count: 0,
      });
      const index = await call(clients.catalog, 'GetArtifactIndex', {
        tensor_index_key: sha256(art.indexData).toString('hex'),
      });
      assert.deepEqual(index.tensor_index_data, art.indexData, 'the tensor index is back');
      const resolved = await call(clients.catalog, 'ResolveKeyMapping', { key: 'models/durable' });
      assert.equal(resolved.artifact_id, art.artifactId, 'the key mapping is back');
      const registrations = await call(clients.registration, 'ListRegistrations', {
        daemon_id: worker.daemon_id,
      });
      assert.deepEqual(
        registrations.registrations.map((r: Message) => r.registration_id),
        [begun.registration_id],
        'the open registration is back',
      );

      const reconfirmed = await call(clients.runtime, 'RegisterReplica', {
        artifact_id: art.artifactId,
        worker_id: worker.worker_id,
        max_concurrency: 4,
        mem_info: {
          node_id: worker.node_id,
          node_address: '127.0.0.1',
          node_port: 7001,
          memory_size: '64',
          memory_type: 'MEMORY_TYPE_GPU',
          device_id: 1,
        },
      });
      assert.equal(reconfirmed.replica_id, gpu.replica_id, 're-confirmed under its old replica_id');

      assert.match(
        output,
        /rows restored: workers=1 artifacts=1 tensor_indexes=2 replicas=2 key_mappings=1 registrations=1/,
      );
      const text = await metricsText(metricsPort);
      for (const [table, rows] of Object.entries({
        workers: 1,
        // The open registration stored its tensor index; its artifact comes at commit.
        artifacts: 1,
        tensor_indexes: 2,
        replicas: 2,
        key_mappings: 1,
        registrations: 1,
      })) {
        assert.equal(metric(text, `tc_recovered_rows{table="${table}"}`), rows, table);
      }
      const seconds = metric(text, 'tc_recovery_seconds');
      assert.ok(seconds > 0 && seconds < 5, `tc_recovery_seconds ${seconds}`);
      assert.ok(metric(text, 'tc_db_file_bytes') > 0);
      assert.ok(metric(text, 'tc_db_wal_bytes') >= 0);
    } finally {
      clients.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });
});

describe('durability: integrity refusals', () => {
  let dir: string;
  let good: Buffer;

  before(async () => {
    dir = tempDir('tc-integrity-');
    good = readFileSync(await makeDatabase(dir));
  });

  async function refusedStart(name: string, bytes: Buffer, pattern: RegExp): Promise<void> {
    const caseDir = join(dir, name);
    const dbFile = join(caseDir, 'store.db');
    const configPath = writeConfig(tempDir(), testConfig({ database: { db_file: dbFile } }));
    mkdirSync(caseDir, { recursive: true });
    writeFileSync(dbFile, bytes);
    const before = fileHash(dbFile);
    const result = await runCli(['global', 'start', `--config=${configPath}`]);
    assert.equal(result.code, 1, `${name}: exit code\n${result.stdout}${result.stderr}`);
    const output = result.stdout + result.stderr;
    assert.match(output, pattern, name);
    assert.match(output, /refusing to start and leaving the file untouched/, name);
    assert.doesNotMatch(output, /Retrying|Global Store serving/, name);
    assert.equal(fileHash(dbFile), before, `${name}: the file is byte for byte unchanged`);
    assert.deepEqual(readdirSync(caseDir), ['store.db'], `${name}: nothing created beside it`);
  }

  test('random bytes (a foreign file)', async () => {
    await refusedStart(
      'random',
      randomBytes(64 * 1024),
      /is not an SQLite database \(bad header\)/,
    );
  });

  test('a valid database truncated to half its size', async () => {
    await refusedStart(
      'truncated',
      good.subarray(0, good.length / 2),
      /failed its integrity check.*corrupt or truncated/,
    );
  });

  test('a page overwritten with garbage', async () => {
    const damaged = Buffer.from(good);
    const pageSize = damaged.readUInt16BE(16);
    randomBytes(pageSize).copy(damaged, pageSize * 5);
    await refusedStart('garbage-page', damaged, /failed its integrity check/);
  });

  test('a database written by a newer schema version', async () => {
    const newer = join(dir, 'newer.db');
    writeFileSync(newer, good);
    const db = await openSqlite(newer, sqlite3.OPEN_READWRITE);
    await sqliteAll(
      db,
      `INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'FutureSchema9999999999999')`,
    );
    await closeSqlite(db);
    await refusedStart(
      'newer-schema',
      readFileSync(newer),
      /written by a newer Global Store \(unknown schema migrations: FutureSchema9999999999999\)/,
    );
  });
});
