import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { E2eDatabase, e2eDatabase, testDrivers } from './support/databases';
import { GlobalStoreClients, call, connectClients, expectGrpcError } from './support/grpc-clients';
import { mi2Artifact } from './support/replicas';
import {
  TestWorker,
  chunkUpdate,
  exportableReplica,
  keepAlive,
  locations,
  newWorker,
  reportChunks,
  waitUntil,
} from './support/daemon-wire';

for (const driver of testDrivers()) {
  describe(`chunk directory over gRPC (${driver})`, () => {
    const dir = tempDir('tc-gs-chunks-');
    let database: E2eDatabase;
    let configPath: string;
    let patientConfigPath: string;
    let server: GlobalStoreProcess;
    let c: GlobalStoreClients;
    const alive = new Set<string>();
    let stopKeepAlive: () => void = () => undefined;
    const writeConfigs = () => {
      configPath = writeConfig(
        dir,
        testConfig({
          database: database.section,
          worker_policy: {
            // Long enough that keep-alive heartbeats on a loaded machine never miss it.
            heartbeat_timeout: '5s',
            default_heartbeat_interval: '0.5s',
            cleanup_interval: '0.2s',
          },
          chunk_directory: { orphan_ttl: '3s' },
        }),
      );
      // Same database, an orphan_ttl long enough to re-register after a restart.
      patientConfigPath = writeConfig(
        dir,
        testConfig({
          database: database.section,
          worker_policy: { heartbeat_timeout: '5s', default_heartbeat_interval: '0.5s' },
        }),
        'patient.yaml',
      );
    };

    async function start(path?: string): Promise<void> {
      server = await startGlobalStore(path ?? configPath);
      c = connectClients(server.address);
      stopKeepAlive = keepAlive(c, alive);
    }

    async function stop(): Promise<void> {
      stopKeepAlive();
      c.close();
      await server.stop();
    }

    async function liveWorker(): Promise<TestWorker> {
      const worker = await newWorker(c);
      alive.add(worker.worker_id);
      return worker;
    }

    before(async () => {
      database = await e2eDatabase(driver, 'chunk_directory', { dir });
      writeConfigs();
      await start();
    });
    after(async () => {
      await stop();
      await database.drop();
    });

    test('an empty batch is OK with 0 applied and needs no identity', async () => {
      const response = await call(c.runtime, 'BatchUpdateChunkStates', { updates: [] });
      assert.equal(response.status, 'STATUS_OK');
      assert.equal(response.updates_applied, 0);
    });

    test('bad input is INVALID_ARGUMENT naming the field; unknown workers are STATUS_NOT_FOUND', async () => {
      const worker = await liveWorker();
      const { artifactId } = mi2Artifact();
      const up = [chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT')];
      await expectGrpcError(
        call(c.runtime, 'BatchUpdateChunkStates', { node_id: worker.node_id, updates: up }),
        grpc.status.INVALID_ARGUMENT,
        /^worker_id/,
      );
      await expectGrpcError(
        call(c.runtime, 'BatchUpdateChunkStates', { worker_id: worker.worker_id, updates: up }),
        grpc.status.INVALID_ARGUMENT,
        /^node_id/,
      );
      await expectGrpcError(
        reportChunks(c, worker, [
          chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT'),
          chunkUpdate('', 1, 'CHUNK_STATE_HOT'),
        ]),
        grpc.status.INVALID_ARGUMENT,
        /^updates\[1\]\.artifact_id/,
      );
      await expectGrpcError(
        reportChunks(c, worker, [chunkUpdate(artifactId, 0, 'CHUNK_STATE_UNSPECIFIED')]),
        grpc.status.INVALID_ARGUMENT,
        /^updates\[0\]\.state/,
      );
      await expectGrpcError(
        reportChunks(c, { ...worker, node_id: 'another-node' }, up),
        grpc.status.INVALID_ARGUMENT,
        /^node_id/,
      );
      const unknown = await reportChunks(c, { ...worker, worker_id: 'worker_nobody_00000000' }, up);
      assert.equal(unknown.status, 'STATUS_NOT_FOUND');
      await expectGrpcError(
        call(c.runtime, 'QueryChunkLocations', { artifact_id: '' }),
        grpc.status.INVALID_ARGUMENT,
        /^artifact_id/,
      );
      // Nothing of the refused batches was written.
      await exportableReplica(c, worker, artifactId);
      assert.deepEqual(await locations(c, artifactId), []);
    });

    // Early in the file: later tests leave hidden rows that the orphan sweep deletes.
    test('metrics: updates applied, rows, deletions by reason', async () => {
      const text = async () =>
        (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      const value = (body: string, series: string) => {
        const line = body.split('\n').find((l) => l.startsWith(`${series} `));
        return line === undefined ? NaN : Number(line.slice(series.length + 1));
      };
      const before = await text();
      const w = await liveWorker();
      const { artifactId } = mi2Artifact();
      const gpu = await exportableReplica(c, w, artifactId);
      await reportChunks(c, w, [
        chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT'),
        chunkUpdate(artifactId, 1, 'CHUNK_STATE_HOT'),
      ]);
      await reportChunks(c, w, [chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT')]); // a repeat
      const mid = await text();
      const d = (body: string, series: string) =>
        value(body, series) - (value(before, series) || 0);
      assert.equal(d(mid, 'tc_chunk_updates_applied_total'), 3);
      assert.equal(d(mid, 'tc_chunk_rows_written_total'), 2, 'the repeat wrote nothing');
      assert.equal(d(mid, 'tc_chunk_rows'), 2);
      await call(c.runtime, 'UnregisterReplica', { artifact_id: artifactId, replica_id: gpu });
      const end = await text();
      assert.equal(d(end, 'tc_chunk_rows_deleted_total{reason="replica_deleted"}'), 2);
      assert.equal(d(end, 'tc_chunk_rows'), 0);
    });

    test('rows: last write wins, EVICTED hidden, ordered, address and port from the worker', async () => {
      const a = await liveWorker();
      const b = await liveWorker();
      const { artifactId } = mi2Artifact();
      await exportableReplica(c, a, artifactId);
      await exportableReplica(c, b, artifactId);
      const ra = await reportChunks(c, a, [
        chunkUpdate(artifactId, 1, 'CHUNK_STATE_COLD'),
        chunkUpdate(artifactId, 0, 'CHUNK_STATE_LOCKED_TX'),
        chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT'), // same key: last write wins
        chunkUpdate(artifactId, 2, 'CHUNK_STATE_EVICTED'),
      ]);
      assert.equal(ra.status, 'STATUS_OK');
      assert.equal(ra.updates_applied, 4);
      await reportChunks(c, b, [
        chunkUpdate(artifactId, 0, 'CHUNK_STATE_COPIED_GPU'),
        chunkUpdate(artifactId, 1, 'CHUNK_STATE_COLD', { device_uuid: '', replica: 1 }),
      ]);
      const rows = await locations(c, artifactId);
      const cold = [
        [1, 'CHUNK_STATE_COLD', a.node_id, 'GPU-0', 0],
        [1, 'CHUNK_STATE_COLD', b.node_id, '', 1],
      ].sort((x, y) => (String(x[2]) < String(y[2]) ? -1 : 1));
      assert.deepEqual(
        rows.map((r) => [r.chunk_idx, r.state, r.node_id, r.device_uuid, r.replica]),
        [
          [0, 'CHUNK_STATE_COPIED_GPU', b.node_id, 'GPU-0', 0],
          [0, 'CHUNK_STATE_HOT', a.node_id, 'GPU-0', 0],
          ...cold,
        ],
      );
      // Explicit order check: chunk, then state number, then node_id.
      assert.deepEqual(
        rows.map((r) => r.chunk_idx),
        [0, 0, 1, 1],
      );
      assert.equal(rows[0].state, 'CHUNK_STATE_COPIED_GPU'); // 2 before HOT (5)
      assert.equal(rows[1].state, 'CHUNK_STATE_HOT');
      assert.equal(rows[1].node_id, a.node_id);
      assert.equal(rows[1].node_address, '127.0.0.1');
      assert.equal(rows[1].p2p_port, a.p2p_port);
      assert.equal(rows[0].p2p_port, b.p2p_port);
      assert.ok(!rows.some((r) => r.chunk_idx === 2), 'EVICTED rows are not returned');
      assert.deepEqual(
        (await locations(c, artifactId, [1])).map((r) => r.chunk_idx),
        [1, 1],
      );
      assert.deepEqual(await locations(c, mi2Artifact().artifactId), []);
    });

    test('rows are visible only while the worker has an available GPU replica', async () => {
      const w = await liveWorker();
      const { artifactId } = mi2Artifact();
      await reportChunks(c, w, [chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT')]);
      assert.deepEqual(await locations(c, artifactId), [], 'no replica yet: hidden');
      const ram = await exportableReplica(c, w, artifactId, { tier: 'MEMORY_TYPE_RAM' });
      assert.deepEqual(
        await locations(c, artifactId),
        [],
        'a RAM replica does not make it visible',
      );
      const gpu = await exportableReplica(c, w, artifactId);
      assert.equal((await locations(c, artifactId)).length, 1);
      await call(c.runtime, 'MarkReplicaUnavailable', { artifact_id: artifactId, replica_id: gpu });
      assert.deepEqual(await locations(c, artifactId), [], 'unavailable GPU replica: hidden');
      assert.ok(ram);
    });

    test('deleting the last GPU replica deletes the rows (re-registering does not revive them)', async () => {
      const w = await liveWorker();
      const { artifactId } = mi2Artifact();
      const first = await exportableReplica(c, w, artifactId, { slot: 1 });
      const second = await exportableReplica(c, w, artifactId, { slot: 2 });
      await reportChunks(c, w, [chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT')]);
      await call(c.runtime, 'UnregisterReplica', { artifact_id: artifactId, replica_id: first });
      assert.equal((await locations(c, artifactId)).length, 1, 'another GPU replica remains');
      await call(c.runtime, 'UnregisterReplica', { artifact_id: artifactId, replica_id: second });
      await exportableReplica(c, w, artifactId);
      assert.deepEqual(await locations(c, artifactId), []);
    });

    test('a worker that unregisters or times out takes its chunk rows with it', async () => {
      const leaving = await liveWorker();
      const silent = await liveWorker();
      const { artifactId } = mi2Artifact();
      for (const w of [leaving, silent]) {
        await exportableReplica(c, w, artifactId);
        await reportChunks(c, w, [chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT')]);
      }
      assert.equal((await locations(c, artifactId)).length, 2);
      await call(c.runtime, 'UnregisterWorker', { worker_id: leaving.worker_id });
      alive.delete(leaving.worker_id);
      alive.delete(silent.worker_id); // stops heartbeating: times out after 5 s
      const left = await locations(c, artifactId);
      assert.deepEqual(
        left.map((r) => r.node_id),
        [silent.node_id],
      );
      // Polled without heartbeating it: a heartbeat would keep it alive.
      await waitUntil(
        'the silent worker times out',
        async () => {
          const r = await call(c.runtime, 'ListActiveWorkers', { include_unavailable: true });
          // include_unavailable lists inactive workers too, as DISCONNECTED (as upstream).
          return !(r.workers as { worker_id: string; status: string }[]).some(
            (x) =>
              x.worker_id === silent.worker_id && x.status !== 'CONNECTION_STATUS_DISCONNECTED',
          );
        },
        20_000,
      );
      await new Promise((r) => setTimeout(r, 600)); // the liveness sweep and its cleanup commit
      // Both come back with their replicas: the rows stay gone (deleted, not hidden).
      for (const w of [leaving, silent]) {
        const { worker_id: _id, ...again } = w;
        await call(c.runtime, 'RegisterWorker', again);
        alive.add(w.worker_id);
        await exportableReplica(c, w, artifactId);
      }
      assert.deepEqual(await locations(c, artifactId), []);
    });

    test('rows hidden longer than orphan_ttl are deleted', async () => {
      const w = await liveWorker();
      const { artifactId } = mi2Artifact();
      const gpu = await exportableReplica(c, w, artifactId);
      await reportChunks(c, w, [chunkUpdate(artifactId, 0, 'CHUNK_STATE_HOT')]);
      await call(c.runtime, 'MarkReplicaUnavailable', { artifact_id: artifactId, replica_id: gpu });
      await new Promise((r) => setTimeout(r, 3800)); // orphan_ttl 3 s + sweeps every 0.2 s
      await exportableReplica(c, w, artifactId); // available again
      assert.deepEqual(await locations(c, artifactId), []);
    });

    test('visible rows never age, and rows survive a restart', async () => {
      const w = await liveWorker();
      const { artifactId } = mi2Artifact();
      await exportableReplica(c, w, artifactId);
      await reportChunks(c, w, [chunkUpdate(artifactId, 3, 'CHUNK_STATE_COLD')]);
      await new Promise((r) => setTimeout(r, 3500)); // past orphan_ttl while visible
      assert.equal((await locations(c, artifactId)).length, 1);
      await stop();
      await start(patientConfigPath);
      assert.deepEqual(
        await locations(c, artifactId),
        [],
        'replicas are unavailable after a restart',
      );
      const { worker_id: _id, ...again } = w;
      await call(c.runtime, 'RegisterWorker', again);
      await exportableReplica(c, w, artifactId);
      const rows = await locations(c, artifactId);
      assert.deepEqual(
        rows.map((r) => [r.chunk_idx, r.state, r.node_id]),
        [[3, 'CHUNK_STATE_COLD', w.node_id]],
      );
    });
  });
}
