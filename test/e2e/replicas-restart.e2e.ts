import { strict as assert } from 'node:assert';
import { truncateSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GlobalStoreProcess,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { stateChecksum } from '../../libs/workers/src';
import { E2eDatabase, e2eDatabase, testDrivers } from './support/databases';
import { GlobalStoreClients, Message, call, connectClients } from './support/grpc-clients';
import {
  inParallel,
  listAll,
  mi2Artifact,
  registerReplica,
  registerWorker,
  replicaRequest,
} from './support/replicas';

for (const driver of testDrivers()) {
  describe(`replicas across restarts and worker timeouts (${driver})`, () => {
    const dir = tempDir('tc-gs-replicas-');
    let database: E2eDatabase | undefined;
    let configPath: string | undefined;
    let server: GlobalStoreProcess | undefined;
    let clients: GlobalStoreClients | undefined;

    async function start(): Promise<GlobalStoreClients> {
      clients?.close();
      if (configPath === undefined) {
        database = await e2eDatabase(driver, 'replicas_restart', { dir });
        const section =
          driver === 'sqlite' ? { ...database.section, synchronous: 'FULL' } : database.section;
        const config = testConfig({
          database: section,
          worker_policy: { heartbeat_timeout: '2.5s', default_heartbeat_interval: '0.5s' },
        });
        configPath = writeConfig(dir, config);
      }
      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      return clients;
    }

    after(async () => {
      clients?.close();
      await server?.stop();
      await database?.drop();
    });

    async function waitForLog(pattern: RegExp, what: string): Promise<void> {
      const deadline = performance.now() + 15_000;
      while (!pattern.test(server?.output() ?? '')) {
        assert.ok(performance.now() < deadline, `${what}: no log line ${pattern}`);
        await sleep(50);
      }
    }

    /** tc_replicas{memory_type,state} as scraped, with its sums and tc_replicas_total. */
    async function replicaGauges(): Promise<{
      available: number;
      unavailable: number;
      total: number;
      byTier: Record<string, { available: number; unavailable: number }>;
    }> {
      const text = await (await fetch(`http://127.0.0.1:${server?.metricsPort}/metrics`)).text();
      const byTier: Record<string, { available: number; unavailable: number }> = {};
      let available = 0;
      let unavailable = 0;
      for (const m of text.matchAll(
        /^tc_replicas\{memory_type="(\w+)",state="(available|unavailable)"\} (\d+)$/gm,
      )) {
        const tier = (byTier[m[1]] ??= { available: 0, unavailable: 0 });
        const value = Number(m[3]);
        if (m[2] === 'available') {
          tier.available = value;
          available += value;
        } else {
          tier.unavailable = value;
          unavailable += value;
        }
      }
      assert.deepEqual(Object.keys(byTier).sort(), ['DISK', 'GPU', 'RAM'], 'every tier exported');
      const total = Number(/^tc_replicas_total (\d+)$/m.exec(text)?.[1]);
      return { available, unavailable, total, byTier };
    }

    test('a worker that times out leaves its replicas unavailable until it re-registers them', async () => {
      const c = await start();
      const worker = await registerWorker(c);
      const artifactId = `art-timeout-${process.pid}`;
      const replicaId = await registerReplica(c, replicaRequest(worker.worker_id, artifactId));
      const started = Date.now();
      for (;;) {
        const info = await call(c.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
        if (info.replicas.length === 0) break;
        assert.ok(
          Date.now() - started < 2500 + 1000 + 500,
          'unavailable within heartbeat_timeout + 1 s',
        );
        await sleep(100);
      }
      const { worker_id: _old, ...again } = worker;
      await call(c.runtime, 'RegisterWorker', again);
      assert.equal(
        await registerReplica(c, replicaRequest(worker.worker_id, artifactId)),
        replicaId,
      );
      const info = await call(c.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      assert.equal(info.replicas.length, 1);
    });

    test('restart on the same database keeps artifacts and replicas; replicas stay unavailable until re-confirmed', async () => {
      let c = clients ?? (await start());
      const worker = await registerWorker(c);
      const artifact = mi2Artifact();
      const gpu = await registerReplica(
        c,
        replicaRequest(
          worker.worker_id,
          artifact.artifactId,
          {},
          { tensor_index_data: artifact.indexData, encoding: 'json', schema_version: 'v3' },
        ),
      );
      await registerReplica(
        c,
        replicaRequest(worker.worker_id, artifact.artifactId, {
          memory_type: 'MEMORY_TYPE_RAM',
          remote_memory_keys: [],
          buffer_sizes: [],
        }),
      );
      assert.equal(await server?.stop(), 0);

      c = await start();
      const restored = await call(c.assembly, 'GetArtifactInfoById', {
        artifact_id: artifact.artifactId,
      });
      assert.equal(restored.status, 'STATUS_OK', 'the artifact survived');
      assert.equal(restored.descriptor.index_multihash, artifact.indexMultihash);
      assert.equal(restored.descriptor.encoding, 'json');
      assert.deepEqual(restored.replicas, [], 'nothing available before the worker re-confirms');
      const listed = await listAll(c, { artifact_id: artifact.artifactId });
      assert.equal(listed.length, 2, 'the rows survived');
      const counts = await call(c.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [artifact.artifactId],
      });
      assert.deepEqual(counts.counts[0], {
        artifact_id: artifact.artifactId,
        replica_count: 2,
        available_count: 0,
      });
      const restoredGauges = await replicaGauges();
      assert.equal(restoredGauges.available, 0, 'no replica is available right after the restart');
      assert.ok(restoredGauges.unavailable >= 2, 'the restored rows count as unavailable');
      assert.equal(restoredGauges.unavailable, restoredGauges.total, 'tc_replicas_total');
      const hb = await call(c.runtime, 'WorkerHeartbeat', {
        worker_id: worker.worker_id,
        state_version: '1',
        accepting_new_requests: true,
        registered_artifact_ids: [artifact.artifactId],
      });
      assert.equal(hb.status, 'STATUS_OK', 'the worker is back (stale) after the restart');
      assert.deepEqual(hb.obsolete_replicas, [], 'its rows are still known');

      assert.equal(
        await registerReplica(c, replicaRequest(worker.worker_id, artifact.artifactId)),
        gpu,
        'the same replica_id',
      );
      const confirmed = await call(c.assembly, 'GetArtifactInfoById', {
        artifact_id: artifact.artifactId,
      });
      assert.deepEqual(
        confirmed.replicas.map((r: Message) => r.memory_type),
        ['MEMORY_TYPE_GPU'],
      );
      const countsAfter = await call(c.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [artifact.artifactId],
      });
      assert.deepEqual(countsAfter.counts[0], {
        artifact_id: artifact.artifactId,
        replica_count: 2,
        available_count: 1,
      });
      const confirmedGauges = await replicaGauges();
      assert.equal(confirmedGauges.byTier.GPU.available, 1, 'the re-confirmed GPU replica');
      assert.equal(confirmedGauges.byTier.RAM.available, 0, 'the RAM one is not re-confirmed');
      assert.equal(confirmedGauges.unavailable, restoredGauges.unavailable - 1);
    });

    test('a restart settles the file after SERVING; offline inspection never shows a replica not confirmed since the last start as available', async () => {
      if (driver !== 'sqlite') return;
      let c = clients ?? (await start());
      const worker = await registerWorker(c);
      const artifact = mi2Artifact();
      const gpu = await registerReplica(c, replicaRequest(worker.worker_id, artifact.artifactId));
      const ram = await registerReplica(
        c,
        replicaRequest(worker.worker_id, artifact.artifactId, {
          memory_type: 'MEMORY_TYPE_RAM',
          remote_memory_keys: [],
          buffer_sizes: [],
        }),
      );
      const inspect = async (): Promise<Map<string, boolean>> => {
        const run = await runCli([
          'global',
          'inspect',
          `--db=${database?.section.db_file as string}`,
          'replicas',
          '-o',
          'json',
        ]);
        assert.equal(run.code, 0, run.stderr);
        const listed = JSON.parse(run.stdout) as Message[];
        return new Map(
          listed
            .filter((r) => r.artifactId === artifact.artifactId)
            .map((r) => [r.replicaId as string, r.available as boolean]),
        );
      };
      assert.equal(await server?.stop(), 0);
      assert.deepEqual(
        await inspect(),
        new Map([
          [gpu, true],
          [ram, true],
        ]),
        'a clean stop: the file shows what the server held',
      );

      // Killed right after SERVING, before or while the recovered rows are settled.
      c = await start();
      await server?.kill();
      assert.deepEqual(
        await inspect(),
        new Map([
          [gpu, false],
          [ram, false],
        ]),
        'no replica counts as available before its worker confirms it again',
      );

      // A full run: the GPU replica is confirmed again, then the server stops cleanly.
      c = await start();
      await waitForLog(/settled \d+ recovered worker\(s\)/, 'the settlement after SERVING');
      // The daemon's own checksum of its two replicas (libs/workers' FNV over its records).
      const daemonChecksum = (available: boolean) =>
        stateChecksum(
          (['GPU', 'RAM'] as const).map((memoryType) => ({
            artifactId: artifact.artifactId,
            viewId: '',
            nodeId: 'node-a',
            nodeAddress: '127.0.0.1',
            nodePort: 7001,
            deviceId: 0,
            memoryType,
            available,
          })),
        );
      const heartbeat = async (checksum: string, version = '1') => {
        const hb = await call(c.runtime, 'WorkerHeartbeat', {
          worker_id: worker.worker_id,
          state_version: version,
          accepting_new_requests: true,
          state_checksum: checksum,
        });
        assert.equal(hb.status, 'STATUS_OK');
        return hb;
      };
      const version = (await heartbeat('')).expected_state_version as string;
      assert.equal(
        (await heartbeat(daemonChecksum(false), version)).state_sync_required,
        false,
        'after a restart our checksum is the FNV of the all-unavailable records',
      );
      assert.equal(
        (await heartbeat(daemonChecksum(true), version)).state_sync_required,
        true,
        'a daemon that still counts them available is asked to sync',
      );
      assert.equal(
        await registerReplica(c, replicaRequest(worker.worker_id, artifact.artifactId)),
        gpu,
      );
      assert.equal(await server?.stop(), 0);
      assert.deepEqual(
        await inspect(),
        new Map([
          [gpu, true],
          [ram, false],
        ]),
        'only the replica confirmed since the last start is available',
      );
      await start();
    });

    test('a clean restart loads the replicas from the restart image, one after SIGKILL or with a damaged image reads the table; every start serves what was stored', async () => {
      if (driver !== 'sqlite') return;
      let c = clients ?? (await start());
      const worker = await registerWorker(c);
      const node = `node-image-${process.pid}`;
      const at = (i: number, artifactId = `art-image-${i % 5}`) =>
        replicaRequest(worker.worker_id, artifactId, {
          node_id: node,
          memory_type: i % 2 === 0 ? 'MEMORY_TYPE_GPU' : 'MEMORY_TYPE_RAM',
          device_id: i,
          remote_memory_keys: [],
          buffer_sizes: [],
        });
      for (let i = 0; i < 12; i++) await registerReplica(c, at(i));
      const listed = async () =>
        (await listAll(c, { node_id: node })).map((r) => JSON.stringify(r)).sort();
      const stored = await listed();
      assert.ok(stored.length >= 10, `${stored.length} replicas listed`);
      const imageFile = `${database?.section.db_file as string}.replica-image`;

      assert.equal(await server?.stop(), 0);
      assert.match(server?.output() ?? '', /wrote the restart image of \d+ replica\(s\)/);
      c = await start();
      assert.match(server?.output() ?? '', /loaded \d+ replica\(s\) from the restart image/);
      assert.deepEqual(await listed(), stored, 'the image holds what the table holds');

      // A change after the image was loaded, then a crash: the next start reads the table.
      const beat = await call(c.runtime, 'WorkerHeartbeat', {
        worker_id: worker.worker_id,
        state_version: '1',
        accepting_new_requests: true,
      });
      assert.equal(beat.status, 'STATUS_OK');
      await registerReplica(c, at(12, 'art-image-late'));
      const changed = await listed();
      assert.equal(changed.length, stored.length + 1);
      await server?.kill();
      c = await start();
      assert.doesNotMatch(server?.output() ?? '', /restart image/, 'the file names no image');
      assert.deepEqual(await listed(), changed);

      // A damaged image is read around, never trusted.
      assert.equal(await server?.stop(), 0);
      truncateSync(imageFile, 100);
      c = await start();
      assert.match(
        server?.output() ?? '',
        /the restart image \S+ was not used \(it is truncated\); reading the replicas table/,
      );
      assert.deepEqual(await listed(), changed);
    });

    test('every acknowledged RegisterReplica survives SIGKILL', async () => {
      let c = clients ?? (await start());
      const workers = await Promise.all(Array.from({ length: 4 }, () => registerWorker(c)));
      // heartbeat_timeout is short in this server: keep the workers alive across the load and the restart.
      const keepAlive = setInterval(() => {
        for (const w of workers) {
          call(c.runtime, 'WorkerHeartbeat', {
            worker_id: w.worker_id,
            state_version: '1',
            accepting_new_requests: true,
          }).catch(() => undefined);
        }
      }, 300);
      after(() => clearInterval(keepAlive));
      const node = `node-durable-${process.pid}`;
      const acknowledged = new Map<string, string>();
      let killed = false;
      const attempts = Array.from({ length: 2000 }, (_, i) => i);
      const load = inParallel(attempts, 32, async (i) => {
        if (killed) return;
        const artifactId = `art-durable-${String(i).padStart(5, '0')}`;
        try {
          const replicaId = await registerReplica(
            c,
            replicaRequest(workers[i % 4].worker_id, artifactId, {
              node_id: node,
              remote_memory_keys: [],
              buffer_sizes: [],
            }),
          );
          acknowledged.set(artifactId, replicaId);
        } catch {
          // Calls in flight at the kill fail; they were never acknowledged.
        }
      });
      const deadline = Date.now() + 15_000;
      while (acknowledged.size < 300) {
        assert.ok(
          Date.now() < deadline,
          `only ${acknowledged.size} registrations acknowledged in 15 s`,
        );
        await sleep(5);
      }
      killed = true;
      await server?.kill();
      await load;
      assert.ok(acknowledged.size >= 300);

      c = await start();
      const rows = await listAll(c, { node_id: node });
      const present = new Map(rows.map((r) => [r.artifact_id as string, r]));
      const missing = [...acknowledged.keys()].filter((id) => !present.has(id));
      assert.deepEqual(missing, [], 'acknowledged writes lost after SIGKILL');
      const byId = await call(c.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [...acknowledged.keys()],
      });
      assert.ok(byId.counts.every((count: Message) => count.replica_count === 1));
      // Restored workers are unconfirmed until they heartbeat; do not race the keep-alive timer.
      for (const w of workers) {
        await call(c.runtime, 'WorkerHeartbeat', {
          worker_id: w.worker_id,
          state_version: '1',
          accepting_new_requests: true,
        });
      }
      // The replica_ids handed out are the ones stored.
      const sample = [...acknowledged.entries()].slice(0, 20);
      for (const [artifactId, replicaId] of sample) {
        const again = await registerReplica(
          c,
          replicaRequest(workers[Number(artifactId.slice(-5)) % 4].worker_id, artifactId, {
            node_id: node,
            remote_memory_keys: [],
            buffer_sizes: [],
          }),
        );
        assert.equal(again, replicaId);
      }
      clearInterval(keepAlive);
    });
  });
}
