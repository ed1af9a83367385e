/**
 * Memory a registration burst leaves behind (issue 15 item 5): the real Global Store
 * (in-memory database) gets W workers, then a burst of RegisterReplica calls (valid ones,
 * and refused ones carrying 1 MiB strings) and heartbeats with 10,000-item inventories;
 * then it idles. RSS (VmRSS of the server process) and the V8 heap (nodejs_heap_size_used_bytes
 * from /metrics) are read before the burst, at its end, and after the idle period.
 *
 * The same burst runs against each variant, interleaved round by round, so the variants see
 * the same machine load:
 *   governor-off  server.memory.idle_collection_delay: null (the server before the governor);
 *                 the reference the others are compared to
 *   governor      the defaults: one full collection once the server is quiet (server.memory)
 *   governor+trim the governor and MALLOC_TRIM_THRESHOLD_=131072 (glibc returns free memory
 *                 at the top of its heap above 128 KiB; its dynamic threshold grows to 32 MiB)
 *   governor+arena2  the governor and MALLOC_ARENA_MAX=2
 *   governor+mmap128k  the governor and MALLOC_MMAP_THRESHOLD_=131072 (see mmap128k)
 *   governor+jemalloc  the governor, and jemalloc instead of glibc malloc (LD_PRELOAD of
 *                 Debian's libjemalloc2, /usr/lib/x86_64-linux-gnu/libjemalloc.so.2)
 * and, all with the governor off:
 *   jemalloc      jemalloc instead of glibc malloc
 *   arena2        MALLOC_ARENA_MAX=2 (glibc: at most two malloc arenas instead of 8 per core)
 *   arena2+trim   MALLOC_ARENA_MAX=2 and MALLOC_TRIM_THRESHOLD_=131072
 *   semi4         --max-semi-space-size=4 (V8 young generation 4 MiB per semi-space)
 *   arena2+semi4  both of those
 *   mmap128k      MALLOC_MMAP_THRESHOLD_=131072 (glibc: every block over 128 KiB, such as a
 *                 1 MiB message buffer, gets its own mmap and goes back to the OS on free;
 *                 by default the threshold rises after the first such free, up to 32 MiB,
 *                 and later big blocks come from the heap arenas, where they stay)
 *   arena2+mmap128k  both
 *
 *   node dist/bench/burst-rss.bench.js [--workers=64] [--replicas=6000] [--hostile=400]
 *     [--inventories=600] [--idle-seconds=20] [--rounds=1] [--variants=governor-off,governor,...]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { UsageError, intArg, parseStringOptions } from './support/args';
import { closeClients, openClients, unary, waitForReady } from './support/clients';
import { runCount } from './support/load';
import { ConfigDocument, httpText, spawnGlobalStore } from './support/servers';
import { Row, count, printTable } from './support/table';

interface Variant {
  env: NodeJS.ProcessEnv;
  nodeArgs: string[];
  governor: boolean;
}

const REFERENCE = 'governor-off';
const TRIM = { MALLOC_TRIM_THRESHOLD_: '131072' };
const MMAP = { MALLOC_MMAP_THRESHOLD_: '131072' };
const JEMALLOC = { LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' };

const VARIANTS: Record<string, Variant> = {
  'governor-off': { env: {}, nodeArgs: [], governor: false },
  governor: { env: {}, nodeArgs: [], governor: true },
  'governor+trim': { env: TRIM, nodeArgs: [], governor: true },
  'governor+arena2': { env: { MALLOC_ARENA_MAX: '2' }, nodeArgs: [], governor: true },
  'governor+mmap128k': { env: MMAP, nodeArgs: [], governor: true },
  'governor+jemalloc': { env: JEMALLOC, nodeArgs: [], governor: true },
  jemalloc: { env: JEMALLOC, nodeArgs: [], governor: false },
  arena2: { env: { MALLOC_ARENA_MAX: '2' }, nodeArgs: [], governor: false },
  'arena2+trim': { env: { MALLOC_ARENA_MAX: '2', ...TRIM }, nodeArgs: [], governor: false },
  semi4: { env: {}, nodeArgs: ['--max-semi-space-size=4'], governor: false },
  'arena2+semi4': {
    env: { MALLOC_ARENA_MAX: '2' },
    nodeArgs: ['--max-semi-space-size=4'],
    governor: false,
  },
  mmap128k: { env: { MALLOC_MMAP_THRESHOLD_: '131072' }, nodeArgs: [], governor: false },
  'arena2+mmap128k': {
    env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
    nodeArgs: [],
    governor: false,
  },
};

const DEFAULT_VARIANTS = ['governor-off', 'governor', 'jemalloc', 'governor+jemalloc'];

interface Sample {
  rssMiB: number;
  /** V8 heap in use, and committed (what of RSS V8 holds). */
  heapMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** tc_memory_idle_collections_total (0 with the governor off). */
  collections: number;
}

interface Outcome {
  variant: string;
  round: number;
  before: Sample;
  peakRssMiB: number;
  after: Sample;
  refused: number;
  accepted: number;
}

const MiB = 1024 * 1024;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kb / 1024;
}

async function sample(pid: number, metricsPort: number): Promise<Sample> {
  const text = await httpText(`http://127.0.0.1:${metricsPort}/metrics`);
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]) / MiB;
  return {
    rssMiB: rssMiB(pid),
    heapMiB: read('nodejs_heap_size_used_bytes'),
    heapTotalMiB: read('nodejs_heap_size_total_bytes'),
    externalMiB: read('nodejs_external_memory_bytes'),
    collections: read('tc_memory_idle_collections_total') * MiB || 0,
  };
}

async function runOnce(
  name: string,
  round: number,
  o: { workers: number; replicas: number; hostile: number; inventories: number; idle: number },
): Promise<Outcome> {
  const variant = VARIANTS[name];
  const config: ConfigDocument = {
    worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
  };
  if (!variant.governor) config.server = { memory: { idle_collection_delay: null } };
  const server = await spawnGlobalStore(config, {
    env: variant.env,
    nodeArgs: variant.nodeArgs,
    startTimeoutMs: 120_000,
  });
  const clients = openClients(server.address, 'ClusterRuntimeService', 8);
  try {
    await waitForReady(clients);
    const workerIds: string[] = [];
    await runCount({
      total: o.workers,
      concurrency: 16,
      call: async (i) => {
        const r = await unary(clients[i % 8], 'RegisterWorker', {
          node_id: `burst-node-${i}`,
          node_address: '127.0.0.1',
          grpc_port: 2000 + 2 * i,
          p2p_port: 2001 + 2 * i,
          mem_pool_total_size: '85899345920',
          mem_pool_available_size: '85899345920',
          daemon_id: `burst-daemon-${i}`,
        });
        workerIds[i] = r.worker_id as string;
      },
    });
    // Settle: startup garbage collected, the idle baseline is what the burst is compared to.
    await new Promise((r) => setTimeout(r, 3000));
    const before = await sample(server.pid, server.metricsPort);
    let peakRssMiB = before.rssMiB;
    const peakTimer = setInterval(() => {
      peakRssMiB = Math.max(peakRssMiB, rssMiB(server.pid));
    }, 200);

    const huge = 'x'.repeat(MiB);
    const inventory = Array.from({ length: 10_000 }, (_, k) => `mi2:burst-inventory-${k}`);
    const total = o.replicas + o.hostile + o.inventories;
    // Hostile and inventory calls are spread through the burst, as in the run.
    const hostileEvery = Math.max(1, Math.floor(total / Math.max(1, o.hostile)));
    const inventoryEvery = Math.max(1, Math.floor(total / Math.max(1, o.inventories)));
    let refused = 0;
    let accepted = 0;
    await runCount({
      total,
      concurrency: 32,
      call: async (i) => {
        const worker = workerIds[i % workerIds.length];
        const client = clients[i % 8];
        try {
          if (i % hostileEvery === 0) {
            await unary(client, 'RegisterReplica', replicaRequest(worker, huge, i));
          } else if (i % inventoryEvery === 1) {
            await unary(client, 'WorkerHeartbeat', {
              worker_id: worker,
              state_version: '1',
              accepting_new_requests: true,
              registered_artifact_ids: inventory,
            });
          } else {
            await unary(client, 'RegisterReplica', replicaRequest(worker, `mi2:burst-${i}`, i));
          }
          accepted += 1;
        } catch {
          refused += 1;
        }
      },
    });
    clearInterval(peakTimer);
    peakRssMiB = Math.max(peakRssMiB, rssMiB(server.pid));
    await new Promise((r) => setTimeout(r, o.idle * 1000));
    const after = await sample(server.pid, server.metricsPort);
    return { variant: name, round, before, peakRssMiB, after, refused, accepted };
  } finally {
    closeClients(clients);
    await server.stop();
  }
}

function replicaRequest(workerId: string, artifactId: string, i: number): object {
  return {
    artifact_id: artifactId,
    worker_id: workerId,
    max_concurrency: 8,
    schema_version: 'v3',
    mem_info: {
      node_id: `burst-node-${i % 64}`,
      node_address: '127.0.0.1',
      node_port: 7000,
      memory_size: '1073741824',
      memory_type: 'MEMORY_TYPE_GPU',
      device_id: i % 8,
      remote_memory_keys: ['rkey-0', 'rkey-1'],
      buffer_sizes: ['536870912', '536870912'],
      is_memory_replica: true,
    },
  };
}

async function main(): Promise<void> {
  const values = parseStringOptions(process.argv.slice(2), [
    'workers',
    'replicas',
    'hostile',
    'inventories',
    'idle-seconds',
    'rounds',
    'variants',
  ]);
  const o = {
    workers: intArg('workers', values.workers, 64),
    replicas: intArg('replicas', values.replicas, 6000),
    hostile: intArg('hostile', values.hostile, 400, 0),
    inventories: intArg('inventories', values.inventories, 600, 0),
    idle: intArg('idle-seconds', values['idle-seconds'], 20, 0),
  };
  const rounds = intArg('rounds', values.rounds, 1);
  const variants = (values.variants ?? DEFAULT_VARIANTS.join(',')).split(',');
  for (const name of variants) {
    if (!(name in VARIANTS)) {
      throw new UsageError(
        `--variants: unknown "${name}" (known: ${Object.keys(VARIANTS).join(', ')})`,
      );
    }
  }
  const outcomes: Outcome[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const name of variants) {
      const outcome = await runOnce(name, round, o);
      process.stderr.write(
        `${name} #${round}: RSS ${outcome.before.rssMiB.toFixed(0)} -> peak ${outcome.peakRssMiB.toFixed(0)} -> ` +
          `${outcome.after.rssMiB.toFixed(0)} MiB after ${o.idle} s idle; load average ${loadavg()[0].toFixed(1)}\n`,
      );
      outcomes.push(outcome);
    }
  }
  const reference = outcomes.filter((x) => x.variant === REFERENCE);
  const baselineRetained =
    reference.length === 0
      ? NaN
      : reference.reduce((s, x) => s + (x.after.rssMiB - x.before.rssMiB), 0) / reference.length;
  const rows: Row[] = outcomes.map((x) => {
    const retained = x.after.rssMiB - x.before.rssMiB;
    return {
      variant: rounds > 1 ? `${x.variant} #${x.round}` : x.variant,
      'RSS before MiB': x.before.rssMiB.toFixed(0),
      'RSS peak MiB': x.peakRssMiB.toFixed(0),
      'RSS after idle MiB': x.after.rssMiB.toFixed(0),
      'retained MiB': retained.toFixed(0),
      [`vs ${REFERENCE}`]: Number.isFinite(baselineRetained)
        ? `${(retained / baselineRetained).toFixed(2)}x`
        : '-',
      'heap before MiB': x.before.heapMiB.toFixed(0),
      'heap after MiB': x.after.heapMiB.toFixed(0),
      'heap committed after MiB': x.after.heapTotalMiB.toFixed(0),
      'external after MiB': x.after.externalMiB.toFixed(0),
      'idle collections': String(x.after.collections),
      calls: count(x.accepted + x.refused),
      refused: count(x.refused),
    };
  });
  process.stdout.write(
    `\nburst: ${o.workers} workers, ${o.replicas} RegisterReplica, ${o.hostile} with a 1 MiB ` +
      `artifact_id, ${o.inventories} heartbeats of 10,000 ids; ${o.idle} s idle\n`,
  );
  printTable(rows);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
