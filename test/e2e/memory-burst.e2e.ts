import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { GlobalStoreClients, Message, call, connectClients } from './support/grpc-clients';
import { startGlobalStore, tempDir, testConfig, writeConfig } from './support/global-store.process';
import { mi2Artifact, registerWorker, replicaRequest } from './support/replicas';

/**
 * Issue 15 item 5: a burst of hostile requests (1 MiB strings, 10,000-item inventories) left
 * the server's RSS far above its idle level long after the burst: V8 collects garbage only
 * when JavaScript allocates, so the dead requests stayed in the heap and in external Buffers.
 * With the default config (server.memory) the server runs one full collection once quiet,
 * here while a daemon still heartbeats twice a second, as real ones do.
 *
 * What glibc malloc does with the freed Buffers is the allocator's business: its main arena
 * keeps about 70 MiB of freed small blocks after such a burst (docs/deployment.md, "Memory
 * after bursts"), so the RSS bound is checked under jemalloc, the allocator the docs
 * recommend, where the machine has it; the V8 heap and external memory are checked always.
 */

const MiB = 1024 * 1024;
/** Scaled down from the 30,000 requests; still grows RSS by about 100 MiB. */
const WORKERS = 8;
const HOSTILE = 150;
const INVENTORIES = 60;
const REPLICAS = 240;
/**
 * Allowed RSS above the pre-burst figure: what the burst legitimately keeps (240 replicas),
 * jemalloc's freed pages not yet purged and noise. Measured on a loaded machine (load
 * average 10-14 on 2 cores): with the governor under this within 6-7 s of quiet, 3 runs of 3.
 * The old server (95f7d80) failed 9 of 10 runs on these figures (heap +24 to +106 MiB, RSS
 * +40 to +127 MiB); once V8 collected by itself in time and only the metrics told.
 */
const RSS_BOUND_MIB = 64;
/** The same for V8 heap used plus external memory, allocator-independent. */
const HEAP_BOUND_MIB = 24;
/**
 * How long after the burst the heap may take to come back: the default delay is 5 s. Not much
 * longer: V8 itself sometimes collects some seconds after a burst (its memory reducer, 8 s
 * after a full collection if allocation is slow), and sometimes not for minutes (the issue
 * saw +224 MiB after 20 s); the governor makes it happen every time, and soon.
 */
const HEAP_SETTLE_MS = 10_000;
/** RSS follows once jemalloc has purged the freed pages, which it spreads over 10 s. */
const RSS_SETTLE_MS = 18_000;

/** Debian's libjemalloc2 (x86-64 or arm64), if installed. */
const JEMALLOC = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
].find((path) => existsSync(path));

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` calls, `concurrency` at a time; refusals are part of a hostile burst. */
async function burst(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        await send(i).catch(() => undefined);
      }
    }),
  );
}

function inventoryHeartbeat(workerId: string, items: number): Message {
  return {
    worker_id: workerId,
    state_version: '1',
    accepting_new_requests: true,
    registered_artifact_ids: Array.from({ length: items }, (_, k) => `mi2:burst-inventory-${k}`),
  };
}

describe('memory after a burst', () => {
  test('RSS and the V8 heap return near their pre-burst level once the server is quiet', async (t) => {
    const server = await startGlobalStore(
      writeConfig(tempDir(), testConfig({ worker_policy: { heartbeat_timeout: '1h' } })),
      JEMALLOC === undefined ? {} : { LD_PRELOAD: JEMALLOC },
    );
    const pid = server.child.pid as number;
    const metrics = async () =>
      (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    /** V8 heap used plus external memory (Buffers), from prom-client's process metrics. */
    const heapMiB = async () => {
      const text = await metrics();
      const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      return (read('nodejs_heap_size_used_bytes') + read('nodejs_external_memory_bytes')) / MiB;
    };
    const clients: GlobalStoreClients = connectClients(server.address);
    try {
      const workers: string[] = [];
      for (let i = 0; i < WORKERS; i += 1) workers.push((await registerWorker(clients)).worker_id);
      const huge = 'x'.repeat(MiB);
      // The kinds of call spread evenly through the burst, as in the run.
      const kinds = [
        ...Array<string>(HOSTILE).fill('hostile'),
        ...Array<string>(INVENTORIES).fill('inventory'),
        ...Array<string>(REPLICAS).fill('replica'),
      ]
        .map((kind, k) => ({ kind, order: (k * 0.618034) % 1 }))
        .sort((a, b) => a.order - b.order)
        .map(({ kind }) => kind);
      const send = (i: number): Promise<unknown> => {
        const worker = workers[i % WORKERS];
        switch (kinds[i % kinds.length]) {
          case 'hostile':
            return call(clients.runtime, 'RegisterReplica', replicaRequest(worker, `mi2:${huge}`));
          case 'inventory':
            return call(clients.runtime, 'WorkerHeartbeat', inventoryHeartbeat(worker, 10_000));
          default:
            return call(
              clients.runtime,
              'RegisterReplica',
              replicaRequest(worker, mi2Artifact().artifactId),
            );
        }
      };
      // Warm up with small calls (code compiled, pools allocated), then take the idle figures.
      await burst(40, 4, (i) =>
        i % 8 === 0
          ? call(clients.runtime, 'WorkerHeartbeat', inventoryHeartbeat(workers[i % WORKERS], 2))
          : call(
              clients.runtime,
              'RegisterReplica',
              replicaRequest(workers[i % WORKERS], mi2Artifact().artifactId),
            ),
      );
      await sleep(2_000);
      const before = { rss: rssMiB(pid), heap: await heapMiB() };

      let peak = before.rss;
      const watch = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
      const started = Date.now();
      try {
        await burst(kinds.length, 16, send);
      } finally {
        clearInterval(watch);
      }
      const burstMs = Date.now() - started;
      peak = Math.max(peak, rssMiB(pid));

      // Quiet, but not silent: one daemon keeps heartbeating twice a second.
      const quietFrom = Date.now();
      const after = { rss: rssMiB(pid), heap: await heapMiB(), heapAtDeadline: Infinity };
      const rssBack = () => JEMALLOC === undefined || after.rss <= before.rss + RSS_BOUND_MIB;
      const heapBack = () => after.heap <= before.heap + HEAP_BOUND_MIB;
      for (;;) {
        const elapsed = Date.now() - quietFrom;
        if (elapsed <= HEAP_SETTLE_MS) after.heapAtDeadline = after.heap;
        if ((rssBack() && heapBack()) || elapsed > RSS_SETTLE_MS) break;
        await call(clients.runtime, 'WorkerHeartbeat', inventoryHeartbeat(workers[0], 2));
        await sleep(500);
        Object.assign(after, { rss: rssMiB(pid), heap: await heapMiB() });
      }
      const figures =
        `RSS ${before.rss.toFixed(0)} MiB before, ${peak.toFixed(0)} at the peak, ` +
        `${after.rss.toFixed(0)} after ${((Date.now() - quietFrom) / 1000).toFixed(1)} s; ` +
        `V8 heap used + external ${before.heap.toFixed(0)} MiB before, ` +
        `${after.heapAtDeadline.toFixed(0)} after up to ${HEAP_SETTLE_MS / 1000} s (burst of ` +
        `${kinds.length} calls in ${burstMs} ms; allocator: ${JEMALLOC ?? 'glibc, RSS not bounded'})`;
      t.diagnostic(figures);
      assert.ok(
        after.heapAtDeadline <= before.heap + HEAP_BOUND_MIB,
        `heap + external retained more than ${HEAP_BOUND_MIB} MiB: ${figures}`,
      );
      if (JEMALLOC !== undefined) {
        assert.ok(peak - before.rss > 1.5 * RSS_BOUND_MIB, `the burst must grow RSS: ${figures}`);
        assert.ok(
          after.rss <= before.rss + RSS_BOUND_MIB,
          `RSS retained more than ${RSS_BOUND_MIB} MiB: ${figures}`,
        );
      }
      // The governor's counters are served; they may still be 0 when V8 happened to collect
      // by itself first (it does now and then on a busy machine), which the bounds above
      // accept as well: what is asserted is that the memory came back, not who freed it.
      const text = await metrics();
      const collections = /^tc_memory_idle_collections_total (\d+)/m.exec(text);
      assert.ok(collections, 'tc_memory_idle_collections_total is served');
      assert.match(text, /^tc_memory_idle_collection_reclaimed_bytes_total \d+/m);
      t.diagnostic(`idle collections by the governor: ${collections[1]}`);
    } finally {
      clients.close();
      assert.equal(await server.stop(), 0);
    }
  });
});
