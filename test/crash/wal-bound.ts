/**
 * Sustained write load against the real server on a database file, sampling the WAL and
 * database sizes it exports (tc_db_wal_bytes, tc_db_file_bytes), with online backups taken
 * while it runs. Prints the largest WAL seen, the backups' durations and sizes, and the write
 * rate. A figure-printing script, not a test:
 *
 *   node dist/test/crash/wal-bound.js [--seconds=60] [--writers=16] [--backup-every=10]
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mi2ArtifactId, sha256Multihash } from '../../libs/artifacts/src';
import {
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from '../e2e/support/global-store.process';
import { call, connectClients } from '../e2e/support/grpc-clients';

interface Options {
  seconds: number;
  writers: number;
  backupEvery: number;
}

function parse(argv: readonly string[]): Options {
  const options: Options = { seconds: 60, writers: 16, backupEvery: 10 };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    if (key === 'seconds') options.seconds = Number(value);
    else if (key === 'writers') options.writers = Number(value);
    else if (key === 'backup-every') options.backupEvery = Number(value);
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.slice(name.length + 1));
}

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const dir = tempDir('tc-wal-');
  const configPath = writeConfig(
    dir,
    testConfig({
      database: { db_file: join(dir, 'store.db') },
      worker_policy: { heartbeat_timeout: '1h' },
    }),
  );
  const server = await startGlobalStore(configPath);
  const clients = connectClients(server.address);
  let running = true;
  let writes = 0;
  let sequence = 0;
  const writers = Array.from({ length: options.writers }, async (_, lane) => {
    let workerId = '';
    while (running) {
      const n = ++sequence;
      if (workerId === '' || n % 2 === 0) {
        const response = await call(clients.runtime, 'RegisterWorker', {
          node_id: `node-${lane}`,
          node_address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          grpc_port: 50052,
          p2p_port: 50053,
          mem_pool_total_size: '1073741824',
          mem_pool_available_size: '1073741824',
          daemon_id: `wal-${lane}-${n}`,
        });
        workerId = response.worker_id as string;
      } else {
        const indexData = Buffer.from(`{"tensors":["wal-${n}","${'t'.repeat(200)}"]}`);
        await call(clients.runtime, 'RegisterReplica', {
          artifact_id: mi2ArtifactId(
            sha256Multihash(indexData),
            sha256Multihash(Buffer.from(`d${n}`)),
          ),
          worker_id: workerId,
          max_concurrency: 4,
          tensor_index_data: indexData,
          mem_info: {
            node_id: `node-${lane}`,
            node_address: '127.0.0.1',
            node_port: 7000,
            memory_size: '4096',
            memory_type: 'MEMORY_TYPE_GPU',
            device_id: n % 8,
          },
        });
      }
      writes += 1;
    }
  });

  const samples: { at: number; wal: number; db: number }[] = [];
  const backups: { ms: number; bytes: number; workers: number }[] = [];
  const started = performance.now();
  let nextBackup = options.backupEvery;
  let backupNumber = 0;
  while ((performance.now() - started) / 1000 < options.seconds) {
    const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    samples.push({
      at: (performance.now() - started) / 1000,
      wal: metric(text, 'tc_db_wal_bytes'),
      db: metric(text, 'tc_db_file_bytes'),
    });
    if (options.backupEvery > 0 && samples[samples.length - 1].at >= nextBackup) {
      nextBackup += options.backupEvery;
      backupNumber += 1;
      const out = join(dir, `backup-${backupNumber}.db`);
      const t = performance.now();
      const result = await runCli(['global', 'backup', `--config=${configPath}`, `--out=${out}`]);
      assert.equal(result.code, 0, result.stderr);
      backups.push({
        ms: performance.now() - t,
        bytes: Number(/size: (\d+) bytes/.exec(result.stdout)?.[1]),
        workers: Number(/\bworkers=(\d+)/.exec(result.stdout)?.[1]),
      });
    }
    await sleep(500);
  }
  running = false;
  await Promise.all(writers);
  const elapsed = (performance.now() - started) / 1000;
  clients.close();
  assert.equal(await server.stop(), 0);

  const maxWal = Math.max(...samples.map((s) => s.wal));
  const lastDb = samples[samples.length - 1].db;
  process.stdout.write(
    [
      `sustained writes: ${writes} in ${elapsed.toFixed(1)} s (${(writes / elapsed).toFixed(0)}/s, ${options.writers} writers, RegisterWorker + RegisterReplica)`,
      `database file: ${(lastDb / MiB).toFixed(1)} MiB at the end`,
      `WAL: largest ${(maxWal / MiB).toFixed(2)} MiB over ${samples.length} samples (limit 64 MiB; SQLite's autocheckpoint recycles it at ~4 MiB)`,
      `online backups under load: ${backups.length}, CLI wall time ${backups.map((b) => b.ms.toFixed(0)).join(', ')} ms; sizes ${backups.map((b) => (b.bytes / MiB).toFixed(1)).join(', ')} MiB`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
