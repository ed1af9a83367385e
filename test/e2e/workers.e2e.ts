import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GlobalStoreClients, call, expectGrpcError, workerRequest } from './support/grpc-clients';
import { GlobalStoreProcess } from './support/global-store.process';
import { serverPerSuite, testDrivers } from './support/databases';

for (const driver of testDrivers()) {
  describe(`workers over real gRPC (${driver})`, () => {
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    serverPerSuite(
      driver,
      'workers',
      { worker_policy: { heartbeat_timeout: '1.5s', default_heartbeat_interval: '0.5s' } },
      (suite) => ({ server, clients } = suite),
    );

    test('register → heartbeat → list → unregister', async () => {
      const req = workerRequest({ capability_flags: String(0b110) });
      const reg = await call(clients.runtime, 'RegisterWorker', req);
      assert.equal(reg.status, 'STATUS_OK');
      assert.match(reg.worker_id, new RegExp(`^worker_${req.node_id}_[0-9a-f]{8}$`));
      assert.equal(reg.heartbeat_interval_ms, 500);
      assert.equal(reg.expected_state_version, '1');
      assert.equal(reg.reconcile_generation, '1');
      assert.equal(reg.state_sync_required, false);

      const hb = await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: reg.worker_id,
        mem_pool_available_size: '1000',
        accepting_new_requests: true,
        state_version: '1',
        state_checksum: 'cbf29ce484222325',
        registered_artifact_ids: ['mi2:unknown'],
      });
      assert.equal(hb.status, 'STATUS_OK');
      assert.deepEqual(hb.obsolete_replicas, ['mi2:unknown']);
      assert.equal(hb.state_sync_required, true, 'an obsolete replica requires a sync');
      assert.ok(Math.abs(Number(hb.server_timestamp_ts.seconds) - Date.now() / 1000) < 5);

      const listed = await call(clients.runtime, 'ListActiveWorkers', {});
      const mine = listed.workers.find((w: { worker_id: string }) => w.worker_id === reg.worker_id);
      assert.ok(mine, 'registered worker is listed');
      assert.equal(mine.status, 'CONNECTION_STATUS_CONNECTED');
      assert.equal(mine.mem_pool_available_size, '1000');
      assert.equal(mine.daemon_id, req.daemon_id);
      assert.equal(mine.capability_flags, '6');

      const unreg = await call(clients.runtime, 'UnregisterWorker', {
        worker_id: reg.worker_id,
        is_graceful_shutdown: true,
      });
      assert.equal(unreg.status, 'STATUS_OK');
      const again = await call(clients.runtime, 'UnregisterWorker', { worker_id: reg.worker_id });
      assert.equal(again.status, 'STATUS_OK', 'repeat unregister is OK');
      const after = await call(clients.runtime, 'ListActiveWorkers', {});
      assert.ok(!after.workers.some((w: { worker_id: string }) => w.worker_id === reg.worker_id));
      // As upstream, include_unavailable lists inactive workers too, as DISCONNECTED.
      const all = await call(clients.runtime, 'ListActiveWorkers', { include_unavailable: true });
      const gone = all.workers.find((w: { worker_id: string }) => w.worker_id === reg.worker_id);
      assert.equal(gone?.status, 'CONNECTION_STATUS_DISCONNECTED');
      assert.equal(gone?.accepting_new_requests, false);
      const hbAfter = await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: reg.worker_id,
        state_version: '1',
      });
      assert.equal(hbAfter.status, 'STATUS_NOT_FOUND', 'an inactive worker must re-register');
    });

    test('unknown workers: heartbeat and unregister answer NOT_FOUND in the message', async () => {
      const hb = await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: 'worker_nobody',
        state_version: '1',
      });
      assert.equal(hb.status, 'STATUS_NOT_FOUND');
      const unreg = await call(clients.runtime, 'UnregisterWorker', { worker_id: 'worker_nobody' });
      assert.equal(unreg.status, 'STATUS_NOT_FOUND');
    });

    test('validation errors are INVALID_ARGUMENT naming the field', async () => {
      const cases: [object, RegExp][] = [
        [{ daemon_id: '' }, /^daemon_id: is required/],
        [{ node_id: '  ' }, /^node_id: is required/],
        [{ node_address: '' }, /^node_address: is required/],
        [{ grpc_port: 0 }, /^grpc_port: must be a port in 1\.\.65535/],
        [{ p2p_port: 70000 }, /^p2p_port: must be a port/],
        [
          { mem_pool_available_size: '5', mem_pool_total_size: '4' },
          /^mem_pool_available_size: exceeds/,
        ],
        [
          { mem_pool_total_size: '18446744073709551615' },
          /^mem_pool_total_size: must be an unsigned integer/,
        ],
      ];
      for (const [override, pattern] of cases) {
        await expectGrpcError(
          call(clients.runtime, 'RegisterWorker', workerRequest(override)),
          status.INVALID_ARGUMENT,
          pattern,
        );
      }
      await expectGrpcError(
        call(clients.runtime, 'WorkerHeartbeat', { worker_id: 'w', state_version: '0' }),
        status.INVALID_ARGUMENT,
        /^state_version: must be >= 1/,
      );
      await expectGrpcError(
        call(clients.runtime, 'WorkerHeartbeat', { state_version: '1' }),
        status.INVALID_ARGUMENT,
        /^worker_id: is required/,
      );
      await expectGrpcError(
        call(clients.runtime, 'UnregisterWorker', {}),
        status.INVALID_ARGUMENT,
        /^worker_id: is required/,
      );
    });

    test('identity: same daemon keeps its worker_id and bumps the generation; endpoint conflicts are refused', async () => {
      const req = workerRequest();
      const first = await call(clients.runtime, 'RegisterWorker', req);
      const second = await call(clients.runtime, 'RegisterWorker', req);
      assert.equal(second.worker_id, first.worker_id);
      assert.equal(second.reconcile_generation, '2');
      await expectGrpcError(
        call(clients.runtime, 'RegisterWorker', { ...req, daemon_id: `${req.daemon_id}-other` }),
        status.FAILED_PRECONDITION,
        /^node_address: .* is held by active worker/,
      );
      // Once the first one is gone, another daemon may take the endpoint over (same row).
      await call(clients.runtime, 'UnregisterWorker', { worker_id: first.worker_id });
      const taken = await call(clients.runtime, 'RegisterWorker', {
        ...req,
        daemon_id: `${req.daemon_id}-other`,
      });
      assert.equal(taken.worker_id, first.worker_id);
      assert.equal(taken.expected_state_version, '1');
    });

    test("recovery registration: always state_sync_required; refuses another daemon's previous worker", async () => {
      const a = workerRequest();
      const ra = await call(clients.runtime, 'RegisterWorker', a);
      const recovered = await call(clients.runtime, 'RegisterWorker', {
        ...a,
        is_recovery_registration: true,
        previous_worker_id: ra.worker_id,
      });
      assert.equal(recovered.worker_id, ra.worker_id);
      assert.equal(recovered.state_sync_required, true);
      const b = workerRequest();
      await expectGrpcError(
        call(clients.runtime, 'RegisterWorker', {
          ...b,
          is_recovery_registration: true,
          previous_worker_id: ra.worker_id,
        }),
        status.PERMISSION_DENIED,
        /^previous_worker_id: .* belongs to daemon/,
      );
    });

    test("a plain registration cannot take over another daemon's worker either (issue 15 reproducer)", async () => {
      const a = workerRequest({ grpc_port: 32001 });
      const ra = await call(clients.runtime, 'RegisterWorker', a);
      const b = workerRequest({ grpc_port: 32002 });
      await expectGrpcError(
        call(clients.runtime, 'RegisterWorker', { ...b, previous_worker_id: ra.worker_id }),
        status.PERMISSION_DENIED,
        /^previous_worker_id: .* belongs to daemon/,
      );
      const hb = await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: ra.worker_id,
        state_version: '1',
      });
      assert.equal(hb.status, 'STATUS_OK', "A's worker is untouched");
      const moved = await call(clients.runtime, 'RegisterWorker', { ...a, grpc_port: 32003 });
      assert.equal(moved.worker_id, ra.worker_id, 'A keeps its worker on its new port');
    });

    test('concurrent first registrations of one daemon share one worker, never a constraint error', async () => {
      const a = workerRequest();
      const answers = await Promise.allSettled(
        Array.from({ length: 4 }, () => call(clients.runtime, 'RegisterWorker', a)),
      );
      for (const answer of answers) {
        assert.equal(
          answer.status,
          'fulfilled',
          answer.status === 'rejected' ? String((answer.reason as Error).message) : '',
        );
      }
      const ids = new Set(answers.map((a) => (a.status === 'fulfilled' ? a.value.worker_id : '')));
      assert.equal(ids.size, 1);
    });

    test('capability mask filtering and accepting flag', async () => {
      const gateway = await call(
        clients.runtime,
        'RegisterWorker',
        workerRequest({ capability_flags: String(1 << 4) }),
      );
      const both = await call(
        clients.runtime,
        'RegisterWorker',
        workerRequest({ capability_flags: String((1 << 4) | (1 << 5)) }),
      );
      const listed = await call(clients.runtime, 'ListActiveWorkers', {
        required_capability_flags: String((1 << 4) | (1 << 5)),
      });
      const ids = listed.workers.map((w: { worker_id: string }) => w.worker_id);
      assert.ok(ids.includes(both.worker_id));
      assert.ok(!ids.includes(gateway.worker_id), 'the whole mask must be present');

      await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: gateway.worker_id,
        state_version: '1',
        accepting_new_requests: false,
      });
      const accepting = await call(clients.runtime, 'ListActiveWorkers', {});
      assert.ok(
        !accepting.workers.some((w: { worker_id: string }) => w.worker_id === gateway.worker_id),
      );
      const all = await call(clients.runtime, 'ListActiveWorkers', { include_unavailable: true });
      const g = all.workers.find((w: { worker_id: string }) => w.worker_id === gateway.worker_id);
      assert.equal(g.status, 'CONNECTION_STATUS_RECONNECTING');
      assert.equal(all.workers[0].worker_id, gateway.worker_id, 'newest heartbeat first');
      // capability_flags present in a heartbeat replaces them; 0 clears.
      await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: both.worker_id,
        state_version: '1',
        accepting_new_requests: true,
        capability_flags: '0',
      });
      const cleared = await call(clients.runtime, 'ListActiveWorkers', {
        required_capability_flags: String(1 << 5),
      });
      assert.ok(
        !cleared.workers.some((w: { worker_id: string }) => w.worker_id === both.worker_id),
      );
    });

    test('liveness sweep: a silent worker goes inactive within heartbeat_timeout + 1 s', async () => {
      const reg = await call(clients.runtime, 'RegisterWorker', workerRequest());
      const started = Date.now();
      for (;;) {
        const hb = await call(clients.runtime, 'WorkerHeartbeat', {
          worker_id: 'worker_probe_none',
          state_version: '1',
        });
        assert.equal(hb.status, 'STATUS_NOT_FOUND');
        const listed = await call(clients.runtime, 'ListActiveWorkers', {});
        const present = listed.workers.some(
          (w: { worker_id: string }) => w.worker_id === reg.worker_id,
        );
        if (!present) {
          const gone = await call(clients.runtime, 'WorkerHeartbeat', {
            worker_id: reg.worker_id,
            state_version: '1',
          });
          if (gone.status === 'STATUS_NOT_FOUND') break;
        }
        assert.ok(Date.now() - started < 1500 + 1000 + 500, 'swept within timeout + 1 s');
        await sleep(100);
      }
      // A late heartbeat is refused as soon as the timeout passes; the sweep that counts the
      // deregistration follows within its tick.
      let metrics = '';
      while (Date.now() - started < 1500 + 1000 + 500) {
        metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
        if (/tc_worker_deregistrations_total\{reason="timeout"\} [1-9]/.test(metrics)) break;
        await sleep(100);
      }
      assert.match(metrics, /tc_worker_deregistrations_total\{reason="timeout"\} [1-9]/);
      const all = await call(clients.runtime, 'ListActiveWorkers', { include_unavailable: true });
      const swept = all.workers.find((w: { worker_id: string }) => w.worker_id === reg.worker_id);
      // RECONNECTING until the sweep marks it inactive (or 2x the timeout), DISCONNECTED after.
      assert.match(String(swept?.status), /^CONNECTION_STATUS_(RECONNECTING|DISCONNECTED)$/);
    });

    test('ClusterAdminService: HealthCheck echoes the cluster token; GetServerInfo reports bound ports', async () => {
      const health = await call(clients.admin, 'HealthCheck', {});
      assert.equal(health.status, 'STATUS_OK');
      assert.equal(health.cluster_token, 'test-token');
      const info = await call(clients.admin, 'GetServerInfo', {});
      assert.equal(info.listen_port, server.grpcPort);
      assert.equal(info.metrics_port, server.metricsPort);
      assert.match(info.cluster_id, /^cluster-[0-9a-f-]{36}$/);
      assert.equal(info.db_file, '');
      assert.match(info.version, /^\d+\.\d+\.\d+/);
    });

    test('HTTP /health and /metrics', async () => {
      const health = await fetch(`http://127.0.0.1:${server.metricsPort}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'SERVING');
      const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      assert.match(
        metrics,
        /tc_grpc_server_handled_total\{method="ClusterRuntimeService\/RegisterWorker",code="OK"\} \d+/,
      );
      assert.match(
        metrics,
        /tc_grpc_server_handled_total\{method="ClusterRuntimeService\/RegisterWorker",code="INVALID_ARGUMENT"\} \d+/,
      );
      assert.match(
        metrics,
        /tc_grpc_server_handling_seconds_bucket\{le="0.001",method="ClusterRuntimeService\/WorkerHeartbeat"\}/,
      );
      assert.match(metrics, /^tc_active_workers \d+$/m);
      assert.match(metrics, /^tc_worker_registrations_total \d+$/m);
      assert.match(metrics, /^process_cpu_seconds_total /m);
      assert.doesNotMatch(metrics, /worker_[a-z0-9-]+_[0-9a-f]{8}/, 'no worker ids in labels');
    });
  });
}
