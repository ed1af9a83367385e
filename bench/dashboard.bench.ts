/**
 * Dashboard page cost at scale: seeds the real Global Store with W workers and R replicas over
 * gRPC, then fetches each /ui page in interleaved rounds, with GET /health (same HTTP stack,
 * no admin query) as the reference measured in the same rounds. Prints the median time per
 * page, its ratio to /health, and the page size: a page must not grow with the registry
 * beyond what it shows.
 *
 *   node dist/bench/dashboard.bench.js [--workers=10000] [--replicas=100000] [--rounds=7]
 *     [--concurrency=64]
 *
 * Exits 0, 1 when seeding or a page failed, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { UsageError, intArg } from './support/args';
import { closeClients, openClients, unary, waitForReady } from './support/clients';
import { runCount } from './support/load';
import { spawnGlobalStore } from './support/servers';
import { Row, count, ms, printTable, ratio } from './support/table';

interface Options {
  workers: number;
  replicas: number;
  rounds: number;
  concurrency: number;
}

function parse(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      workers: { type: 'string' },
      replicas: { type: 'string' },
      rounds: { type: 'string' },
      concurrency: { type: 'string' },
    },
    strict: true,
  });
  return {
    workers: intArg('workers', values.workers, 10_000),
    replicas: intArg('replicas', values.replicas, 100_000, 0),
    rounds: intArg('rounds', values.rounds, 7),
    concurrency: intArg('concurrency', values.concurrency, 64),
  };
}

const TIERS = ['MEMORY_TYPE_GPU', 'MEMORY_TYPE_RAM', 'MEMORY_TYPE_DISK'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  // A long timeout: seeding must not race worker liveness.
  const server = await spawnGlobalStore({ worker_policy: { heartbeat_timeout: '1h' } });
  const clients = openClients(server.address, 'ClusterRuntimeService', 8);
  try {
    await waitForReady(clients);
    const workerIds: string[] = new Array<string>(options.workers);
    const seedStart = performance.now();
    const workers = await runCount({
      total: options.workers,
      concurrency: options.concurrency,
      call: async (i) => {
        const response = await unary(clients[i % clients.length], 'RegisterWorker', {
          node_id: `node-${i}`,
          node_address: '127.0.0.1',
          grpc_port: 1024 + i,
          p2p_port: 40_000 + (i % 20_000),
          mem_pool_total_size: String(64 * 2 ** 30),
          mem_pool_available_size: String(32 * 2 ** 30),
          daemon_id: `bench-daemon-${i}`,
        });
        workerIds[i] = response.worker_id as string;
      },
    });
    const replicas = await runCount({
      total: options.replicas,
      concurrency: options.concurrency,
      call: async (i) => {
        const w = i % options.workers;
        await unary(clients[i % clients.length], 'RegisterReplica', {
          artifact_id: `bench-artifact-${Math.floor(i / 3)}`,
          worker_id: workerIds[w],
          max_concurrency: 8,
          mem_info: {
            node_id: `node-${w}`,
            node_address: '127.0.0.1',
            node_port: 1024 + w,
            memory_size: '1048576',
            memory_type: TIERS[i % 3],
            device_id: 0,
          },
        });
      },
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    if (workers.errors > 0 || replicas.errors > 0) {
      process.stderr.write(
        `seeding failed: ${workers.errors} worker and ${replicas.errors} replica errors\n`,
      );
      return 1;
    }

    const base = `http://127.0.0.1:${server.metricsPort}`;
    const firstPage = await fetch(`${base}/ui/replicas?size=50`);
    const next = /rel="next" href="([^"]+)"/
      .exec(await firstPage.text())?.[1]
      ?.replace(/&amp;/g, '&');
    const pages = [
      '/health',
      '/ui',
      '/ui/workers',
      '/ui/workers?sort=heartbeat&order=desc&page=100',
      `/ui/workers/${encodeURIComponent(workerIds[0])}`,
      '/ui/replicas',
      ...(next ? [next] : []),
      '/ui/replicas?tier=GPU&availability=available',
      `/ui/replicas?node=node-${options.workers - 1}`,
      '/ui/artifacts/bench-artifact-0',
      '/ui/registrations',
    ];
    const times = new Map<string, number[]>(pages.map((p) => [p, []]));
    const sizes = new Map<string, number>();
    for (let round = 0; round < options.rounds; round++) {
      for (const path of pages) {
        const started = performance.now();
        const response = await fetch(`${base}${path}`);
        const body = await response.arrayBuffer();
        const elapsed = performance.now() - started;
        if (response.status !== 200) {
          process.stderr.write(`${path}: HTTP ${response.status}\n`);
          return 1;
        }
        // The first round warms caches and JIT; it is not counted.
        if (round > 0 || options.rounds === 1) times.get(path)!.push(elapsed);
        sizes.set(path, body.byteLength);
      }
    }
    const reference = median(times.get('/health')!);
    const rows: Row[] = pages.map((path) => {
      const m = median(times.get(path)!);
      return {
        page: path.length > 60 ? `${path.slice(0, 57)}...` : path,
        'median ms': ms(m),
        'x /health': ratio(m / reference),
        bytes: count(sizes.get(path) ?? 0),
      };
    });
    process.stdout.write(
      `dashboard pages: ${count(options.workers)} workers, ${count(options.replicas)} replicas ` +
        `(seeded in ${seedSeconds.toFixed(1)} s), ${options.rounds - 1} measured rounds\n`,
    );
    printTable(rows);
    return 0;
  } finally {
    closeClients(clients);
    await server.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
