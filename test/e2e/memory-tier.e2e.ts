import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MEMORY_TIER_PACKAGE, loadPackageDefinition } from '../../libs/grpc/src';
import {
  AnyClient,
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  expectGrpcError,
  workerRequest,
} from './support/grpc-clients';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { E2eDatabase, e2eDatabase, testDrivers } from './support/databases';

function memoryTierClient(address: string): AnyClient {
  const loaded = grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as Record<
    string,
    Record<string, Record<string, Record<string, grpc.ServiceClientConstructor>>>
  >;
  const [a, b, c] = MEMORY_TIER_PACKAGE.split('.');
  const Client = loaded[a][b][c].MemoryTierService;
  return new Client(address, grpc.credentials.createInsecure()) as unknown as AnyClient;
}

function statusRequest(nodeId: string, overrides: Message = {}): Message {
  return {
    status: {
      node_id: nodeId,
      worker_id: `w-${nodeId}`,
      stable_total_bytes: '4096',
      stable_used_bytes: '1024',
      preemptible_total_bytes: '8192',
      preemptible_marked_bytes: '512',
      faults_per_sec: 2.5,
      rehydrate_p99_ns: '125000',
      enable_preemptible: true,
      memory_tier_config_json: '{"stable_gib":4}',
      epoch_ns: '0',
      ...overrides,
    },
  };
}

function leaseRequest(nodeId: string, overrides: Message = {}): Message {
  return {
    node_id: nodeId,
    kind: 'LEASE_KIND_STABLE',
    artifact_id: 'mi2:weights',
    chunk_ids: [0, 1, 2, 3],
    bytes: '4194304',
    workload_id: 'task-7',
    ...overrides,
  };
}

function ack(lease: Message, action: string, overrides: Message = {}): Message {
  return {
    lease_id: lease.lease_id,
    node_id: lease.node_id,
    action,
    chunk_ids: lease.chunk_ids,
    bytes: lease.bytes,
    artifact_id: lease.artifact_id,
    ...overrides,
  };
}

async function leaseState(mt: AnyClient, nodeId: string, leaseId: string): Promise<string> {
  const all = await call(mt, 'ListOutstandingLeases', {
    node_id: nodeId,
    states: [
      'LEASE_STATE_PENDING',
      'LEASE_STATE_ACTIVE',
      'LEASE_STATE_REVOKING',
      'LEASE_STATE_EXPIRED',
    ],
  });
  return (all.leases as Message[]).find((l) => l.lease_id === leaseId)?.state ?? 'GONE';
}

async function waitForState(
  mt: AnyClient,
  nodeId: string,
  leaseId: string,
  wanted: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = '';
  while (Date.now() < deadline) {
    state = await leaseState(mt, nodeId, leaseId);
    if (state === wanted) return;
    await sleep(100);
  }
  assert.fail(`lease ${leaseId} is ${state}, expected ${wanted} within ${timeoutMs} ms`);
}

for (const driver of testDrivers()) {
  describe(`MemoryTierService over real gRPC (${driver})`, () => {
    let dir: string;
    let database: E2eDatabase;
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    let mt: AnyClient;
    let configPath: string;

    before(async () => {
      dir = tempDir();
      database = await e2eDatabase(driver, 'memory_tier', { dir });
      configPath = writeConfig(
        dir,
        testConfig({
          database: database.section,
          memory_tier: { pending_lease_ttl: '1s', snapshot_retention: '600s' },
        }),
      );
      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      mt = memoryTierClient(server.address);
    });

    after(async () => {
      clients.close();
      mt.close();
      assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
      await database.drop();
    });

    test('PublishMemoryTierStatus → ListMemoryTierStatuses and the per-node gauges', async () => {
      assert.deepEqual(await call(mt, 'PublishMemoryTierStatus', statusRequest('node-s1')), {});
      await call(
        mt,
        'PublishMemoryTierStatus',
        statusRequest('node-s1', { epoch_ns: '1', stable_used_bytes: '1' }),
      );
      await call(
        mt,
        'PublishMemoryTierStatus',
        statusRequest('node-s2', { memory_tier_config_json: '' }),
      );
      const listed = await call(mt, 'ListMemoryTierStatuses', {});
      const mine = (listed.statuses as Message[]).filter((s) =>
        String(s.node_id).startsWith('node-s'),
      );
      assert.deepEqual(
        mine.map((s) => s.node_id),
        ['node-s1', 'node-s2'],
      );
      assert.equal(mine[0].stable_used_bytes, '1024', 'the newest snapshot, not the late epoch 1');
      assert.ok(
        BigInt(mine[0].epoch_ns) > 1_700_000_000n * 1_000_000_000n,
        'epoch_ns 0 became now',
      );
      assert.equal(mine[1].memory_tier_config_json, '{}');
      const one = await call(mt, 'ListMemoryTierStatuses', { node_id: 'node-s2' });
      assert.deepEqual(
        (one.statuses as Message[]).map((s) => s.node_id),
        ['node-s2'],
      );

      const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      assert.match(
        metrics,
        /tensorcast_memory_tier_stable_bytes\{node_id="node-s1",state="used"\} 1024/,
      );
      assert.match(metrics, /tensorcast_memory_tier_enable_preemptible\{node_id="node-s2"\} 1/);
      assert.match(metrics, /tensorcast_memory_tier_faults_per_sec\{node_id="node-s1"\} 2.5/);
    });

    test('bad input is INVALID_ARGUMENT naming the field; unknown leases NOT_FOUND', async () => {
      await expectGrpcError(
        call(mt, 'PublishMemoryTierStatus', {}),
        status.INVALID_ARGUMENT,
        /^status:/,
      );
      await expectGrpcError(
        call(mt, 'PublishMemoryTierStatus', statusRequest('')),
        status.INVALID_ARGUMENT,
        /^status\.node_id:/,
      );
      await expectGrpcError(
        call(mt, 'PublishMemoryTierStatus', statusRequest('n', { faults_per_sec: Number.NaN })),
        status.INVALID_ARGUMENT,
        /^status\.faults_per_sec:/,
      );
      await expectGrpcError(
        call(mt, 'RequestMemoryTierLease', leaseRequest('n', { chunk_ids: [] })),
        status.INVALID_ARGUMENT,
        /^chunk_ids:/,
      );
      await expectGrpcError(
        call(mt, 'RequestMemoryTierLease', leaseRequest('n', { kind: 9 })),
        status.INVALID_ARGUMENT,
        /^kind:/,
      );
      await expectGrpcError(
        call(mt, 'RequestMemoryTierLease', leaseRequest('n', { artifact_id: '' })),
        status.INVALID_ARGUMENT,
        /^artifact_id:/,
      );
      await expectGrpcError(
        call(mt, 'AcknowledgeMemoryTierLease', {
          lease_id: 'a'.repeat(32),
          action: 'LEASE_ACK_ACTION_ACQUIRED',
          chunk_ids: [1],
          artifact_id: 'mi2:x',
        }),
        status.NOT_FOUND,
      );
      await expectGrpcError(
        call(mt, 'AcknowledgeMemoryTierLease', {
          lease_id: 'a'.repeat(32),
          chunk_ids: [1],
          artifact_id: 'x',
        }),
        status.INVALID_ARGUMENT,
        /^action:/,
      );
      await expectGrpcError(
        call(mt, 'RevokeMemoryTierLease', { lease_id: 'nope' }),
        status.NOT_FOUND,
      );
      await expectGrpcError(
        call(mt, 'ListOutstandingLeases', { node_id: 'n', states: [42] }),
        status.INVALID_ARGUMENT,
        /^states\[0\]:/,
      );
    });

    test('lease round trip: request, replay, acquire, revoke, release, and a refused re-acquire', async () => {
      const node = 'node-l1';
      const { lease } = await call(mt, 'RequestMemoryTierLease', leaseRequest(node));
      assert.match(lease.lease_id, /^[0-9a-f]{32}$/);
      assert.equal(lease.state, 'LEASE_STATE_PENDING');
      assert.match(lease.request_id, /^mt_req_\d+$/);
      assert.equal(lease.ack_epoch_ns, '0');
      assert.equal(BigInt(lease.expires_at_ns) - BigInt(lease.issued_at_ns), 1_000_000_000n);
      const same = await call(mt, 'RequestMemoryTierLease', leaseRequest(node));
      assert.equal(same.lease.lease_id, lease.lease_id, 'an equal PENDING lease is returned');
      const byId = await call(
        mt,
        'RequestMemoryTierLease',
        leaseRequest(node, { request_id: lease.request_id, bytes: '1' }),
      );
      assert.deepEqual(byId.lease, lease, 'a known request_id returns the lease unchanged');

      const acquired = await call(
        mt,
        'AcknowledgeMemoryTierLease',
        ack(lease, 'LEASE_ACK_ACTION_ACQUIRED', { ledger_version: '3', ack_epoch_ns: '555' }),
      );
      assert.equal(acquired.lease.state, 'LEASE_STATE_ACTIVE');
      assert.equal(acquired.lease.ledger_version, '3');
      assert.equal(acquired.lease.ack_epoch_ns, '555');
      const outstanding = await call(mt, 'ListOutstandingLeases', { node_id: node });
      assert.deepEqual(
        (outstanding.leases as Message[]).map((l) => [l.lease_id, l.state]),
        [[lease.lease_id, 'LEASE_STATE_ACTIVE']],
      );
      const revoked = await call(mt, 'RevokeMemoryTierLease', {
        lease_id: lease.lease_id,
        reason: 'e2e',
      });
      assert.equal(revoked.lease.state, 'LEASE_STATE_REVOKING');
      const released = await call(
        mt,
        'AcknowledgeMemoryTierLease',
        ack(lease, 'LEASE_ACK_ACTION_RELEASED'),
      );
      assert.equal(released.lease.state, 'LEASE_STATE_EXPIRED');
      await expectGrpcError(
        call(mt, 'AcknowledgeMemoryTierLease', ack(lease, 'LEASE_ACK_ACTION_ACQUIRED')),
        status.FAILED_PRECONDITION,
        /^lease_id:/,
      );
      const noneLeft = await call(mt, 'ListOutstandingLeases', { node_id: node });
      assert.deepEqual(noneLeft.leases, []);
    });

    test('a PENDING lease expires on the server clock after pending_lease_ttl', async () => {
      const { lease } = await call(
        mt,
        'RequestMemoryTierLease',
        leaseRequest('node-p1', { request_id: 'p' }),
      );
      assert.equal(await leaseState(mt, 'node-p1', lease.lease_id), 'LEASE_STATE_PENDING');
      await waitForState(mt, 'node-p1', lease.lease_id, 'LEASE_STATE_EXPIRED');
      const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      assert.match(metrics, /tc_memory_tier_lease_expirations_total\{reason="pending_ttl"\} [1-9]/);
    });

    test("the node's last worker unregistering expires its ACTIVE leases", async () => {
      const first = await call(
        clients.runtime,
        'RegisterWorker',
        workerRequest({ node_id: 'node-w1' }),
      );
      const second = await call(
        clients.runtime,
        'RegisterWorker',
        workerRequest({ node_id: 'node-w1' }),
      );
      const { lease } = await call(mt, 'RequestMemoryTierLease', leaseRequest('node-w1'));
      await call(mt, 'AcknowledgeMemoryTierLease', ack(lease, 'LEASE_ACK_ACTION_ACQUIRED'));
      await call(clients.runtime, 'UnregisterWorker', { worker_id: first.worker_id });
      await sleep(1500);
      assert.equal(await leaseState(mt, 'node-w1', lease.lease_id), 'LEASE_STATE_ACTIVE');
      await call(clients.runtime, 'UnregisterWorker', { worker_id: second.worker_id });
      await waitForState(mt, 'node-w1', lease.lease_id, 'LEASE_STATE_EXPIRED');
    });

    test('leases and the newest statuses survive a restart on the same database, leases also SIGKILL', async () => {
      const { lease: held } = await call(
        mt,
        'RequestMemoryTierLease',
        leaseRequest('node-r1', { request_id: 'held' }),
      );
      await call(mt, 'AcknowledgeMemoryTierLease', ack(held, 'LEASE_ACK_ACTION_ACQUIRED'));
      const { lease: pending } = await call(
        mt,
        'RequestMemoryTierLease',
        leaseRequest('node-r1', {
          request_id: 'later',
          issued_at_ns: String(BigInt(Date.now() + 3_600_000) * 1_000_000n),
        }),
      );
      await call(
        mt,
        'PublishMemoryTierStatus',
        statusRequest('node-r1', { epoch_ns: '1234567890123456789' }),
      );
      const before = await call(mt, 'ListOutstandingLeases', { node_id: 'node-r1' });

      mt.close();
      clients.close();
      assert.equal(await server.stop(), 0);
      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      mt = memoryTierClient(server.address);

      const after = await call(mt, 'ListOutstandingLeases', { node_id: 'node-r1' });
      assert.deepEqual(after.leases, before.leases);
      assert.deepEqual(
        (after.leases as Message[]).map((l) => [l.lease_id, l.state]),
        [
          [pending.lease_id, 'LEASE_STATE_PENDING'],
          [held.lease_id, 'LEASE_STATE_ACTIVE'],
        ],
      );
      const statuses = await call(mt, 'ListMemoryTierStatuses', { node_id: 'node-r1' });
      assert.equal(statuses.statuses[0]?.epoch_ns, '1234567890123456789');
      assert.equal(statuses.statuses[0]?.worker_id, 'w-node-r1');
      const replay = await call(
        mt,
        'RequestMemoryTierLease',
        leaseRequest('node-r1', { request_id: 'held' }),
      );
      assert.equal(replay.lease.lease_id, held.lease_id);
      assert.match(server.output(), /memory-tier lease\(s\) \(0 ended\)/);

      // A lease is committed before RequestMemoryTierLease answers: SIGKILL does not lose it.
      const { lease: acked } = await call(
        mt,
        'RequestMemoryTierLease',
        // Issued an hour ahead so the 1 s pending_lease_ttl cannot end it during the restart.
        leaseRequest('node-r2', {
          request_id: 'before-kill',
          issued_at_ns: String(BigInt(Date.now() + 3_600_000) * 1_000_000n),
        }),
      );
      mt.close();
      clients.close();
      await server.kill();
      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      mt = memoryTierClient(server.address);
      const survived = await call(
        mt,
        'RequestMemoryTierLease',
        leaseRequest('node-r2', { request_id: 'before-kill', bytes: '1' }),
      );
      assert.deepEqual(survived.lease, acked);
    });
  });
}
