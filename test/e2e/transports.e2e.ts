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
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  expectGrpcError,
} from './support/grpc-clients';
import { mi2Artifact } from './support/replicas';
import {
  TestWorker,
  complete,
  drainLook,
  exportableReplica,
  grant,
  heartbeat,
  keepAlive,
  newWorker,
  requestTransport,
  transportRequest,
  waitUntil,
  windowRows,
} from './support/daemon-wire';

async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function group(partId: string, extra: Message = {}): Message {
  return {
    group_id: 'load-1',
    group_kind: 'shard',
    total_parts: 2,
    part_id: partId,
    priority: 0,
    epoch: '1',
    ...extra,
  };
}

for (const driver of testDrivers()) {
  describe(`replica transport and drain over gRPC (${driver})`, () => {
    const dir = tempDir('tc-gs-transports-');
    let database: E2eDatabase;
    let configPath: string;
    let server: GlobalStoreProcess;
    let c: GlobalStoreClients;
    const alive = new Set<string>();
    let stopKeepAlive: () => void = () => undefined;

    async function start(): Promise<void> {
      server = await startGlobalStore(configPath);
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
      database = await e2eDatabase(driver, 'transports', { dir });
      configPath = writeConfig(
        dir,
        testConfig({
          database: database.section,
          worker_policy: { heartbeat_timeout: '10s', default_heartbeat_interval: '0.5s' },
        }),
      );
      await start();
    });
    after(async () => {
      await stop();
      await database.drop();
    });

    test('bad requests are INVALID_ARGUMENT naming the field', async () => {
      const w = await liveWorker();
      const { artifactId } = mi2Artifact();
      const base = transportRequest(w, artifactId);
      const cases: [Message, RegExp][] = [
        [{ artifact_id: '' }, /^artifact_id/],
        [{ source_node_id: '' }, /^source_node_id/],
        [{ source_address: '' }, /^source_address/],
        [{ source_port: 0 }, /^source_port/],
        [
          { requested_byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: '' } },
          /^requested_byte_space\.id/,
        ],
        [{ requested_byte_space: { kind: 7, id: 'v' } }, /^requested_byte_space\.kind/],
        [{ scheduling_group: group('p0', { group_id: ' ' }) }, /^scheduling_group\.group_id/],
        [{ scheduling_group: group('p0', { group_kind: '' }) }, /^scheduling_group\.group_kind/],
        [{ scheduling_group: group('') }, /^scheduling_group\.part_id/],
        [{ scheduling_group: group('p0', { total_parts: 0 }) }, /^scheduling_group\.total_parts/],
      ];
      for (const [patch, field] of cases) {
        await expectGrpcError(
          requestTransport(c, { ...base, ...patch }),
          grpc.status.INVALID_ARGUMENT,
          field,
        );
      }
      await expectGrpcError(
        complete(c, 'not-a-uuid'),
        grpc.status.INVALID_ARGUMENT,
        /^transport_id/,
      );
      await expectGrpcError(
        call(c.runtime, 'QueryTransportWindow', { created_at_end: { seconds: '1' } }),
        grpc.status.INVALID_ARGUMENT,
        /^created_at_start/,
      );
      await expectGrpcError(
        call(c.runtime, 'QueryTransportWindow', {
          created_at_start: { seconds: '10' },
          created_at_end: { seconds: '5' },
        }),
        grpc.status.INVALID_ARGUMENT,
        /^created_at_end/,
      );
      await expectGrpcError(
        call(c.runtime, 'QueryTransportWindow', {
          created_at_start: { seconds: '1' },
          created_at_end: { seconds: '5' },
          limit: 1_000_001,
        }),
        grpc.status.INVALID_ARGUMENT,
        /^limit/,
      );
      await expectGrpcError(drainLook(c, 'nope'), grpc.status.INVALID_ARGUMENT, /^replica_id/);
    });

    test('no replica → STATUS_NOT_FOUND; unknown transport / replica → STATUS_NOT_FOUND', async () => {
      const w = await liveWorker();
      const r = await requestTransport(c, transportRequest(w, mi2Artifact().artifactId));
      assert.equal(r.status, 'STATUS_NOT_FOUND');
      const missing = '00000000-0000-4000-8000-000000000000';
      assert.equal((await complete(c, missing)).status, 'STATUS_NOT_FOUND');
      assert.equal((await drainLook(c, missing)).status, 'STATUS_NOT_FOUND');
    });

    test('source selection: eligible only, GPU before RAM, then least loaded; the claim moves current_requests', async () => {
      const requester = await liveWorker();
      const ramOwner = await liveWorker();
      const gpuA = await liveWorker();
      const gpuB = await liveWorker();
      const hidden = await liveWorker();
      const { artifactId } = mi2Artifact();
      await exportableReplica(c, requester, artifactId); // the requester's own: never a source
      await exportableReplica(c, hidden, artifactId, { exportable: false });
      await exportableReplica(c, ramOwner, artifactId, { tier: 'MEMORY_TYPE_RAM' });
      const a = await exportableReplica(c, gpuA, artifactId, { maxConcurrency: 2 });
      await exportableReplica(c, gpuB, artifactId, { maxConcurrency: 2 });
      const owners = new Map([
        [gpuA.p2p_port, 'A'],
        [gpuB.p2p_port, 'B'],
        [ramOwner.p2p_port, 'RAM'],
      ]);
      const picks: string[] = [];
      const grants: Message[] = [];
      for (let i = 0; i < 5; i += 1) {
        const g = await grant(
          c,
          transportRequest(requester, artifactId, { request_id: `sel-${artifactId}-${i}` }),
        );
        assert.match(g.transport_id, UUID);
        assert.equal(g.route_kind, 'TRANSPORT_ROUTE_KIND_CANONICAL');
        picks.push(owners.get(g.remote_memory_info.node_port) ?? '?');
        grants.push(g);
      }
      // Two GPU replicas with 2 slots each alternate by load, then RAM takes the fifth.
      assert.deepEqual(picks.slice(0, 4).sort(), ['A', 'A', 'B', 'B']);
      assert.notEqual(picks[0], picks[1], 'least loaded: the second grant goes to the other GPU');
      assert.equal(picks[4], 'RAM');
      assert.equal(grants[0].source_grpc_port, picks[0] === 'A' ? gpuA.grpc_port : gpuB.grpc_port);
      assert.equal(grants[0].remote_memory_info.transport.export_state, 'EXPORT_STATE_EXPORTABLE');
      const da = await drainLook(c, a);
      assert.equal(da.current_requests, 2);
      assert.equal(da.status, 'STATUS_TIMED_OUT');
      assert.ok(Number(da.oldest_transport_age_ms) >= 0);
      // GetArtifactInfoById ranks by the counter: free one slot of B, B comes first.
      const onB = grants.find((_, i) => picks[i] === 'B');
      assert.ok(onB);
      await complete(c, onB.transport_id);
      const info = await call(c.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      const order = (info.replicas as Message[]).map((r) => r.node_id as string);
      assert.ok(
        order.indexOf(gpuB.node_id) < order.indexOf(gpuA.node_id),
        `B (1 of 2 in use) ranks before A (2 of 2): ${order.join(', ')}`,
      );
      // Everything full: wait 0 → one look, one retry, STATUS_TIMED_OUT.
      await grant(c, transportRequest(requester, artifactId)); // B's freed slot
      await grant(c, transportRequest(requester, artifactId)); // RAM's second slot
      const full = await requestTransport(c, transportRequest(requester, artifactId));
      assert.equal(full.status, 'STATUS_TIMED_OUT');
    });

    test('replay by request_id; a changed payload is refused; FAILED allows a new transport', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId, { maxConcurrency: 4 });
      const req = transportRequest(requester, artifactId, { request_id: `replay-${artifactId}` });
      const first = await grant(c, req);
      const again = await grant(c, req);
      assert.equal(again.transport_id, first.transport_id);
      assert.equal((await drainLook(c, replicaId)).current_requests, 1, 'a replay takes no slot');
      await expectGrpcError(
        requestTransport(c, { ...req, source_port: req.source_port + 1 }),
        grpc.status.INVALID_ARGUMENT,
        /^request_id/,
      );
      await complete(c, first.transport_id, 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS');
      assert.equal((await grant(c, req)).transport_id, first.transport_id, 'SUCCESS replays');
      assert.equal((await drainLook(c, replicaId)).current_requests, 0);
      const req2 = { ...req, request_id: `replay2-${artifactId}` };
      const failed = await grant(c, req2);
      await complete(
        c,
        failed.transport_id,
        'TRANSPORT_COMPLETION_OUTCOME_FAILED',
        'rdma read failed',
      );
      const retried = await grant(c, req2);
      assert.notEqual(retried.transport_id, failed.transport_id);
      // Older daemons: no request_id → a new transport each time.
      const legacy = transportRequest(requester, artifactId);
      const l1 = await grant(c, legacy);
      const l2 = await grant(c, legacy);
      assert.notEqual(l1.transport_id, l2.transport_id);
      assert.equal((await drainLook(c, replicaId)).current_requests, 3);
    });

    test('completion: idempotent, UNSPECIFIED accepted as "", window rows', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId, { maxConcurrency: 4 });
      const t1 = await grant(
        c,
        transportRequest(requester, artifactId, { request_id: `w1-${artifactId}` }),
      );
      const t2 = await grant(c, transportRequest(requester, artifactId));
      assert.equal(
        (await complete(c, t1.transport_id, 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS')).status,
        'STATUS_OK',
      );
      assert.equal(
        (await complete(c, t1.transport_id, 'TRANSPORT_COMPLETION_OUTCOME_FAILED')).status,
        'STATUS_OK',
      );
      assert.equal((await drainLook(c, replicaId)).current_requests, 1, 'released once');
      const rows = (await windowRows(c)).filter((r) => r.artifact_id === artifactId);
      assert.deepEqual(
        rows.map((r) => [r.transport_id, r.status, r.completion_outcome]),
        [
          [t1.transport_id, 'completed', 'success'],
          [t2.transport_id, 'in_progress', ''],
        ],
      );
      assert.equal(rows[0].request_id, `w1-${artifactId}`);
      assert.equal(rows[0].replica_id, replicaId);
      assert.equal(rows[0].replica_memory_size_bytes, '4096');
      assert.ok(rows[0].completed_at);
      assert.equal(rows[1].completed_at, null, 'completed_at unset while in progress');
      await call(c.runtime, 'CompleteReplicaTransport', { transport_id: t2.transport_id });
      const after = (await windowRows(c)).find((r) => r.transport_id === t2.transport_id);
      assert.deepEqual([after?.status, after?.completion_outcome], ['completed', '']);
      assert.equal((await drainLook(c, replicaId)).drained, true);
    });

    test('scheduling groups: one load per (kind, id, epoch), one request per part; starving groups first', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      await exportableReplica(c, source, artifactId, { maxConcurrency: 1 });
      const gid = `g-${artifactId}`;
      const a0 = await grant(
        c,
        transportRequest(requester, artifactId, {
          request_id: `${gid}-a0`,
          scheduling_group: group('p0', { group_id: gid }),
        }),
      );
      await expectGrpcError(
        requestTransport(
          c,
          transportRequest(requester, artifactId, {
            request_id: `${gid}-x`,
            scheduling_group: group('p1', { group_id: gid, total_parts: 3 }),
          }),
        ),
        grpc.status.INVALID_ARGUMENT,
        /^scheduling_group/,
      );
      await expectGrpcError(
        requestTransport(
          c,
          transportRequest(requester, artifactId, {
            request_id: `${gid}-y`,
            scheduling_group: group('p0', { group_id: gid }),
          }),
        ),
        grpc.status.INVALID_ARGUMENT,
        /^scheduling_group\.part_id/,
      );
      // The slot is held by group A. A's second part queues first, then group B's first part:
      // B has nothing in progress (starving) and goes first when the slot frees.
      const wait = { seconds: '5', nanos: 0 };
      const a1 = requestTransport(
        c,
        transportRequest(requester, artifactId, {
          request_id: `${gid}-a1`,
          wait_timeout_dur: wait,
          scheduling_group: group('p1', { group_id: gid, priority: 9 }),
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
      const b0 = requestTransport(
        c,
        transportRequest(requester, artifactId, {
          request_id: `${gid}-b0`,
          wait_timeout_dur: wait,
          scheduling_group: group('p0', { group_id: `${gid}-B` }),
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
      const order: string[] = [];
      const tracked = [
        a1.then((r) => (order.push('A1'), r)),
        b0.then((r) => (order.push('B0'), r)),
      ];
      await complete(c, a0.transport_id);
      const firstDone = await Promise.race(tracked);
      assert.equal(firstDone.status, 'STATUS_OK');
      assert.equal(order[0], 'B0');
      await complete(c, firstDone.transport_id);
      const [ra1, rb0] = await Promise.all(tracked);
      assert.equal(ra1.status, 'STATUS_OK');
      assert.equal(rb0.status, 'STATUS_OK');
      await complete(c, ra1.transport_id);
    });

    test('a queued request is granted when a slot frees; a drain wakes on the release', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId, { maxConcurrency: 1 });
      const held = await grant(c, transportRequest(requester, artifactId));
      const waiting = requestTransport(
        c,
        transportRequest(requester, artifactId, { wait_timeout_dur: { seconds: '5' } }),
      );
      const drain = drainLook(c, replicaId, 5000);
      await new Promise((r) => setTimeout(r, 200));
      const released = Date.now();
      await complete(c, held.transport_id);
      const next = await waiting;
      assert.equal(next.status, 'STATUS_OK');
      assert.ok(Date.now() - released < 1000, 'woken by the release');
      // The drain saw the release but the queued request took the slot: it keeps waiting.
      await complete(c, next.transport_id);
      const d = await drain;
      assert.equal(d.status, 'STATUS_OK');
      assert.equal(d.drained, true);
      assert.equal(d.oldest_transport_age_ms, undefined, 'no transport in progress');
      assert.ok(Date.now() - released < 2000);
      // A timed wait that nothing frees ends STATUS_TIMED_OUT after its wait.
      await grant(c, transportRequest(requester, artifactId));
      const t0 = Date.now();
      const late = await requestTransport(
        c,
        transportRequest(requester, artifactId, {
          wait_timeout_dur: { seconds: '0', nanos: 300_000_000 },
        }),
      );
      assert.equal(late.status, 'STATUS_TIMED_OUT');
      assert.ok(Date.now() - t0 >= 280);
      const d2 = await drainLook(c, replicaId, 200);
      assert.equal(d2.status, 'STATUS_TIMED_OUT');
      assert.equal(d2.drained, false);
      assert.equal(d2.current_requests, 1);
    });

    test('a drain ends STATUS_NOT_FOUND when its replica is deleted while waiting', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId);
      await grant(c, transportRequest(requester, artifactId));
      const drain = drainLook(c, replicaId, 5000);
      await new Promise((r) => setTimeout(r, 200));
      await call(c.runtime, 'UnregisterReplica', {
        artifact_id: artifactId,
        replica_id: replicaId,
      });
      assert.equal((await drain).status, 'STATUS_NOT_FOUND');
    });

    test('a worker that unregisters takes its transports along; its queued requests are refused', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const other = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId, { maxConcurrency: 1 });
      const held = await grant(c, transportRequest(other, artifactId));
      const queued = requestTransport(
        c,
        transportRequest(requester, artifactId, { wait_timeout_dur: { seconds: '5' } }),
      );
      await new Promise((r) => setTimeout(r, 200));
      const refused = expectGrpcError(
        queued,
        grpc.status.FAILED_PRECONDITION,
        /^requester_worker_id/,
      );
      await call(c.runtime, 'UnregisterWorker', { worker_id: requester.worker_id });
      alive.delete(requester.worker_id);
      await refused;
      await expectGrpcError(
        requestTransport(c, transportRequest(requester, artifactId)),
        grpc.status.FAILED_PRECONDITION,
        /^requester_worker_id/,
      );
      // The source leaves: the transport it served ends CANCELLED and its slot is released.
      await call(c.runtime, 'UnregisterWorker', { worker_id: source.worker_id });
      alive.delete(source.worker_id);
      await waitUntil('the transport is cancelled', async () => {
        const row = (await windowRows(c)).find((r) => r.transport_id === held.transport_id);
        return row?.completion_outcome === 'cancelled';
      });
      assert.equal((await drainLook(c, replicaId)).current_requests, 0);
      assert.equal(
        (await complete(c, held.transport_id)).status,
        'STATUS_OK',
        'late completion: unchanged',
      );
    });

    test('a worker that times out: its replicas are no source any more', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      await exportableReplica(c, source, artifactId);
      // Not accepting: not a source. The keep-alive loop heartbeats accepting=true, so the
      // source leaves it until it accepts again (heartbeat_timeout is 10 s here).
      alive.delete(source.worker_id);
      await heartbeat(c, source.worker_id, false);
      assert.equal(
        (await requestTransport(c, transportRequest(requester, artifactId))).status,
        'STATUS_TIMED_OUT',
      );
      await heartbeat(c, source.worker_id, true);
      alive.add(source.worker_id);
      await grant(c, transportRequest(requester, artifactId));
    });

    test('views: a resident view first, else derived from canonical', async () => {
      const requester = await liveWorker();
      const canonicalOwner = await liveWorker();
      const viewOwner = await liveWorker();
      const { artifactId } = mi2Artifact();
      const view = { kind: 'BYTE_SPACE_KIND_VIEW', id: 'tp2-rank0' };
      await exportableReplica(c, canonicalOwner, artifactId);
      const derived = await grant(
        c,
        transportRequest(requester, artifactId, { requested_byte_space: view }),
      );
      assert.equal(derived.route_kind, 'TRANSPORT_ROUTE_KIND_DERIVED_VIEW_FROM_CANONICAL');
      assert.equal(derived.view_transport_metadata, null);
      await exportableReplica(c, viewOwner, artifactId, {
        viewId: 'tp2-rank0',
        tier: 'MEMORY_TYPE_RAM',
      });
      const resident = await grant(
        c,
        transportRequest(requester, artifactId, { requested_byte_space: view }),
      );
      assert.equal(resident.route_kind, 'TRANSPORT_ROUTE_KIND_RESIDENT_VIEW');
      assert.equal(resident.view_transport_metadata.view_id, 'tp2-rank0');
      assert.equal(resident.view_transport_metadata.view_size_bytes, '4096');
      const noView = await requestTransport(
        c,
        transportRequest(requester, mi2Artifact().artifactId, { requested_byte_space: view }),
      );
      assert.equal(noView.status, 'STATUS_NOT_FOUND');
    });

    test('metrics: transports by outcome, wait time, drains, in progress', async () => {
      const before = await metricsText(server.metricsPort);
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId, { maxConcurrency: 2 });
      const t1 = await grant(c, transportRequest(requester, artifactId));
      const t2 = await grant(c, transportRequest(requester, artifactId));
      await complete(c, t1.transport_id, 'TRANSPORT_COMPLETION_OUTCOME_FAILED');
      await drainLook(c, replicaId);
      const during = await metricsText(server.metricsPort);
      // Earlier tests leave transports in progress: compare with the count before this one.
      const inProgressBefore = metric(before, 'tc_transports_in_progress');
      assert.equal(metric(during, 'tc_transports_in_progress') - inProgressBefore, 1);
      await complete(c, t2.transport_id, 'TRANSPORT_COMPLETION_OUTCOME_CANCELLED');
      const text = await metricsText(server.metricsPort);
      const delta = (series: string) => metric(text, series) - (metric(before, series) || 0);
      assert.equal(delta('tc_transports_completed_total{outcome="failed"}'), 1);
      assert.equal(delta('tc_transports_completed_total{outcome="cancelled"}'), 1);
      assert.equal(delta('tc_transport_requests_total{result="granted"}'), 2);
      assert.equal(delta('tc_transport_wait_seconds_count'), 2);
      assert.equal(delta('tc_replica_drains_total{result="timed_out"}'), 1);
      assert.equal(metric(text, 'tc_transports_in_progress'), inProgressBefore);
    });

    test('restart: in-flight transports keep their slots and complete afterwards', async () => {
      const requester = await liveWorker();
      const source = await liveWorker();
      const { artifactId } = mi2Artifact();
      const replicaId = await exportableReplica(c, source, artifactId, { maxConcurrency: 3 });
      const inflight = await grant(
        c,
        transportRequest(requester, artifactId, { request_id: `rs-${artifactId}` }),
      );
      const done = await grant(c, transportRequest(requester, artifactId));
      await complete(c, done.transport_id);
      await stop();
      await start();
      for (const w of [requester, source]) {
        const { worker_id: _id, ...again } = w;
        await call(c.runtime, 'RegisterWorker', again);
      }
      // The replica comes back (re-registered) with the slot still counted.
      assert.equal(
        await exportableReplica(c, source, artifactId, { maxConcurrency: 3 }),
        replicaId,
      );
      assert.equal((await drainLook(c, replicaId)).current_requests, 1);
      const replay = await grant(
        c,
        transportRequest(requester, artifactId, { request_id: `rs-${artifactId}` }),
      );
      assert.equal(replay.transport_id, inflight.transport_id, 'replay survives the restart');
      const rows = (await windowRows(c)).filter((r) => r.artifact_id === artifactId);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['in_progress', 'completed'],
      );
      await complete(c, inflight.transport_id);
      assert.equal((await drainLook(c, replicaId)).drained, true);
    });
  });
}
