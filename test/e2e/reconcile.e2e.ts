import { fromBinary, fromJson, toBinary, toJson, type JsonValue } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { get } from 'node:http';
import { describe, test } from 'node:test';
import { ChecksumReplica, EMPTY_STATE_CHECKSUM, stateChecksum } from '../../libs/workers/src';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { e2eDatabase, serverPerSuite, testDrivers } from './support/databases';
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  expectGrpcError,
  workerRequest,
} from './support/grpc-clients';
import { crawl, reflectionClient } from './support/reflection-client';

const SERVICE = 'tensorcast.global_store.v1.ClusterRuntimeService';

/** The seed's grpcurl command, byte for byte (behavior.md "Reconcile"). */
const SEED_JSON =
  '{"worker_id":"worker-123","daemon_id":"daemon-123","generation":"1","request_seq":"1","request_kind":"RECONCILE_REQUEST_KIND_SNAPSHOT","inventory":[]}';

/**
 * What `grpcurl -d JSON -plaintext ADDRESS SERVICE/METHOD` does: fetch the schema through
 * server reflection, parse the JSON (proto field names) against it, send the binary message,
 * decode the answer with the same schema.
 */
async function grpcurl(
  address: string,
  method: string,
  json: string,
): Promise<{ response?: Record<string, JsonValue>; error?: grpc.ServiceError }> {
  const reflection = reflectionClient('v1', address);
  let registry;
  try {
    ({ registry } = await crawl(reflection));
  } finally {
    reflection.close();
  }
  const [serviceName, methodName] = method.split('/');
  const rpc = registry.getService(serviceName)?.methods.find((m) => m.name === methodName);
  assert.ok(rpc, `${method} is not served`);
  const request = fromJson(rpc.input, JSON.parse(json) as JsonValue);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    return await new Promise((resolve) => {
      client.makeUnaryRequest(
        `/${method}`,
        (bytes: Uint8Array) => Buffer.from(bytes),
        (buffer: Buffer) => buffer,
        toBinary(rpc.input, request),
        (error, buffer) => {
          if (error || !buffer) return resolve({ error: error ?? undefined });
          const message = fromBinary(rpc.output, buffer);
          resolve({
            response: toJson(rpc.output, message, { useProtoFieldName: true }) as Record<
              string,
              JsonValue
            >,
          });
        },
      );
    });
  } finally {
    client.close();
  }
}

interface ItemOptions {
  port?: number;
  address?: string;
  size?: number;
  available?: boolean;
  tier?: 'GPU' | 'RAM' | 'DISK';
  device?: number;
  registeredMs?: number;
}

const NODE = 'node-r';

/** An inventory item (common.v1.ReplicaInfo) as a daemon sends it. */
function replica(artifact: string, o: ItemOptions = {}): Message {
  const ms = o.registeredMs;
  return {
    ref: { artifact_id: artifact },
    memory_info: {
      node_id: NODE,
      node_address: o.address ?? '127.0.0.1',
      node_port: o.port ?? 7000,
      memory_size: String(o.size ?? 4096),
      memory_type: `MEMORY_TYPE_${o.tier ?? 'GPU'}`,
      device_id: o.device ?? 0,
    },
    stats: {
      max_concurrency: 8,
      is_available: o.available ?? true,
      ...(ms === undefined
        ? {}
        : { registered_ts: { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 } }),
    },
  };
}

/** The checksum a daemon computes over the inventory it holds. */
function checksumOf(items: Message[]): string {
  return stateChecksum(
    items.map((i): ChecksumReplica => ({
      artifactId: i.ref.artifact_id,
      viewId: '',
      nodeId: i.memory_info.node_id,
      nodeAddress: i.memory_info.node_address,
      nodePort: i.memory_info.node_port,
      deviceId: i.memory_info.device_id,
      memoryType: i.memory_info.memory_type.replace('MEMORY_TYPE_', ''),
      available: i.stats.is_available,
    })),
  );
}

function httpText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** A registered daemon and the reconcile requests it sends, with its cursor. */
class Daemon {
  generation = 0;
  seq = 0;
  workerId = '';
  readonly registration: Message;

  constructor(
    public clients: GlobalStoreClients,
    overrides: object = {},
  ) {
    this.registration = workerRequest(overrides);
  }

  async register(): Promise<Message> {
    const reg = await call(this.clients.runtime, 'RegisterWorker', this.registration);
    this.workerId = reg.worker_id;
    this.generation = Number(reg.reconcile_generation);
    this.seq = 0;
    return reg;
  }

  /** The next request in sequence (the daemon's cursor moves). */
  send(kind: string, inventory: Message[]): Promise<Message> {
    this.seq += 1;
    return this.raw({ request_seq: String(this.seq), request_kind: kind, inventory });
  }

  /** A request with explicit cursor fields; the daemon's cursor does not move. */
  raw(fields: object): Promise<Message> {
    return call(this.clients.runtime, 'ReconcileWorkerState', {
      worker_id: this.workerId,
      daemon_id: this.registration.daemon_id,
      generation: String(this.generation),
      request_seq: String(this.seq),
      request_kind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
      inventory: [],
      ...fields,
    });
  }

  heartbeat(
    stateVersion: string,
    stateChecksum: string,
    artifacts: string[] = [],
  ): Promise<Message> {
    return call(this.clients.runtime, 'WorkerHeartbeat', {
      worker_id: this.workerId,
      accepting_new_requests: true,
      state_version: stateVersion,
      state_checksum: stateChecksum,
      registered_artifact_ids: artifacts,
    });
  }
}

function kinds(answer: Message): string[] {
  return answer.state_changes.map(
    (c: Message) =>
      `${c.type.replace('CHANGE_TYPE_', '').replace('_REPLICA', '')} ${c.replica_info.ref.artifact_id}`,
  );
}

for (const driver of testDrivers()) {
  describe(`ReconcileWorkerState over real gRPC (${driver})`, () => {
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    serverPerSuite(driver, 'reconcile', {}, (suite) => ({ server, clients } = suite));

    test('the seed grpcurl command, through reflection: NOT_FOUND for an unknown worker', async () => {
      const { error, response } = await grpcurl(
        server.address,
        `${SERVICE}/ReconcileWorkerState`,
        SEED_JSON,
      );
      assert.equal(response, undefined);
      assert.equal(error?.code, status.NOT_FOUND, error?.details);
      assert.match(
        error.details,
        /^worker_id: worker "worker-123" is not registered; reconcile result FATAL/,
      );
    });

    test('the seed grpcurl command, through reflection: NOOP for a registered worker of daemon-123', async () => {
      const reg = await call(
        clients.runtime,
        'RegisterWorker',
        workerRequest({ daemon_id: 'daemon-123' }),
      );
      assert.equal(reg.reconcile_generation, '1');
      const json = SEED_JSON.replace('"worker-123"', JSON.stringify(reg.worker_id));
      const { error, response } = await grpcurl(
        server.address,
        `${SERVICE}/ReconcileWorkerState`,
        json,
      );
      assert.equal(error, undefined, error?.details);
      // An empty snapshot of a worker with no replicas changes nothing.
      assert.equal(response?.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
      assert.equal(response?.new_state_version, '1');
      assert.equal(response?.new_state_checksum, EMPTY_STATE_CHECKSUM);
      // The cursor moved to seq 1: sending it again is a duplicate, seq 2 is next.
      const again = await grpcurl(server.address, `${SERVICE}/ReconcileWorkerState`, json);
      assert.equal(again.response?.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
      const gap = await grpcurl(
        server.address,
        `${SERVICE}/ReconcileWorkerState`,
        json.replace('"request_seq":"1"', '"request_seq":"3"'),
      );
      assert.equal(gap.response?.result_kind, 'RECONCILE_RESULT_KIND_RETRY_LATER');
    });

    test('rule 1: an unregistered (inactive) worker is NOT_FOUND / FATAL', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      await call(clients.runtime, 'UnregisterWorker', { worker_id: daemon.workerId });
      await expectGrpcError(
        daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', []),
        status.NOT_FOUND,
        /^worker_id: worker ".*" is inactive .*FATAL/,
      );
    });

    test('rule 2: another daemon_id → REBASE_REQUIRED with every server replica as ReplicaInfo', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const applied = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [
        replica('mi2:rebase-a'),
        replica('mi2:rebase-b', { tier: 'RAM', available: false }),
      ]);
      assert.equal(applied.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      const answer = await daemon.raw({
        daemon_id: 'someone-else',
        request_seq: String(daemon.seq + 1),
      });
      assert.equal(answer.result_kind, 'RECONCILE_RESULT_KIND_REBASE_REQUIRED');
      assert.equal(answer.new_state_version, applied.new_state_version);
      const expected = [...answer.expected_replicas].sort((a: Message, b: Message) =>
        a.ref.artifact_id.localeCompare(b.ref.artifact_id),
      );
      assert.equal(expected.length, 2);
      const [gpu, ram] = expected;
      assert.equal(gpu.ref.artifact_id, 'mi2:rebase-a');
      assert.match(gpu.ref.replica_id, /^[0-9a-f-]{36}$/);
      assert.equal(gpu.memory_info.node_id, NODE);
      assert.equal(gpu.memory_info.node_port, 7000);
      assert.equal(gpu.memory_info.memory_size, '4096');
      assert.equal(gpu.memory_info.memory_type, 'MEMORY_TYPE_GPU');
      assert.equal(gpu.stats.max_concurrency, 8);
      assert.equal(gpu.stats.is_available, true);
      assert.ok(Math.abs(Number(gpu.stats.registered_ts.seconds) - Date.now() / 1000) < 60);
      assert.equal(ram.memory_info.memory_type, 'MEMORY_TYPE_RAM');
      assert.equal(ram.stats.is_available, false, 'unavailable replicas are expected too');
      // Nothing moved: the real daemon's next seq still applies.
      const next = await daemon.send('RECONCILE_REQUEST_KIND_DELTA', []);
      assert.equal(next.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
    });

    test('rule 3: an older generation → IGNORED_STALE (re-registration bumps the generation)', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const old = daemon.generation;
      const reg = await daemon.register();
      assert.equal(Number(reg.reconcile_generation), old + 1);
      const stale = await daemon.raw({
        generation: String(old),
        request_seq: '5',
        inventory: [replica('mi2:stale')],
      });
      assert.equal(stale.result_kind, 'RECONCILE_RESULT_KIND_IGNORED_STALE');
      assert.deepEqual(stale.state_changes, []);
      const fresh = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', []);
      assert.equal(
        fresh.result_kind,
        'RECONCILE_RESULT_KIND_NOOP',
        'the stale inventory was not applied',
      );
    });

    test('rule 4: the same generation and seq again → NOOP, nothing re-applied', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const first = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [replica('mi2:dup')]);
      assert.equal(first.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      // The resend carries another inventory: a duplicate is judged by its cursor, not its content.
      const resend = await daemon.raw({ inventory: [] });
      assert.equal(resend.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
      assert.deepEqual(resend.state_changes, []);
      assert.equal(resend.new_state_version, first.new_state_version);
      assert.equal(resend.new_state_checksum, first.new_state_checksum);
    });

    test('rule 5: a lower seq of the same generation → IGNORED_STALE', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [replica('mi2:keep')]);
      await daemon.send('RECONCILE_REQUEST_KIND_DELTA', [replica('mi2:keep2')]);
      const reordered = await daemon.raw({ request_seq: '1', inventory: [] });
      assert.equal(reordered.result_kind, 'RECONCILE_RESULT_KIND_IGNORED_STALE');
      const rebase = await daemon.raw({ daemon_id: 'x', request_seq: String(daemon.seq + 1) });
      assert.equal(rebase.expected_replicas.length, 2, 'the late empty snapshot removed nothing');
    });

    test('rule 6: a newer generation than the server issued → REBASE_REQUIRED + expected_replicas', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [replica('mi2:gen')]);
      const answer = await daemon.raw({
        generation: String(daemon.generation + 1),
        request_seq: '1',
      });
      assert.equal(answer.result_kind, 'RECONCILE_RESULT_KIND_REBASE_REQUIRED');
      assert.deepEqual(
        answer.expected_replicas.map((r: Message) => r.ref.artifact_id),
        ['mi2:gen'],
      );
    });

    test('rule 7: a seq gap → RETRY_LATER with retry_after_ms 100, nothing applied', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const answer = await daemon.raw({ request_seq: '2', inventory: [replica('mi2:gap')] });
      assert.equal(answer.result_kind, 'RECONCILE_RESULT_KIND_RETRY_LATER');
      assert.equal(answer.retry_after_ms, 100);
      const inOrder = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', []);
      assert.equal(inOrder.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
    });

    test("rule 8: ADD, UPDATE and REMOVE in one snapshot; version +1; checksum = the daemon's own", async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const first = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [
        replica('mi2:same'),
        replica('mi2:moves'),
        replica('mi2:resized'),
        replica('mi2:sleeps'),
        replica('mi2:gone'),
      ]);
      assert.equal(first.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      assert.equal(first.new_state_version, '2');
      const inventory = [
        replica('mi2:same'),
        replica('mi2:moves', { port: 7100 }),
        replica('mi2:resized', { size: 8192 }),
        replica('mi2:sleeps', { available: false }),
        replica('mi2:new', { tier: 'DISK' }),
      ];
      const second = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', inventory);
      assert.equal(second.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      assert.equal(second.new_state_version, '3');
      assert.deepEqual(kinds(second).sort(), [
        'ADD mi2:new',
        'REMOVE mi2:gone',
        'UPDATE mi2:moves',
        'UPDATE mi2:resized',
        'UPDATE mi2:sleeps',
      ]);
      const reasons = Object.fromEntries(
        second.state_changes.map((c: Message) => [c.replica_info.ref.artifact_id, c.reason]),
      );
      assert.equal(reasons['mi2:moves'], 'node_port 7000 → 7100');
      assert.equal(reasons['mi2:resized'], 'memory_size 4096 → 8192');
      assert.equal(reasons['mi2:sleeps'], 'availability true → false');
      assert.equal(second.new_state_checksum, checksumOf(inventory));

      const synced = await daemon.heartbeat(
        '3',
        checksumOf(inventory),
        inventory.map((i) => i.ref.artifact_id),
      );
      assert.equal(synced.state_sync_required, false);
      assert.deepEqual(synced.obsolete_replicas, []);
    });

    test('rule 8: a snapshot that changes nothing is NOOP, and its seq is still consumed', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const inventory = [replica('mi2:steady')];
      const applied = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', inventory);
      const same = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', inventory);
      assert.equal(same.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
      assert.equal(same.new_state_version, applied.new_state_version);
      assert.equal(same.new_state_checksum, applied.new_state_checksum);
      const older = await daemon.raw({ request_seq: String(daemon.seq - 1) });
      assert.equal(
        older.result_kind,
        'RECONCILE_RESULT_KIND_IGNORED_STALE',
        'the NOOP moved the cursor',
      );
    });

    test('rule 8: UNSPECIFIED kind is a SNAPSHOT; an empty one removes everything', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [replica('mi2:u1'), replica('mi2:u2')]);
      const emptied = await daemon.send('RECONCILE_REQUEST_KIND_UNSPECIFIED', []);
      assert.equal(emptied.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      assert.deepEqual(kinds(emptied).sort(), ['REMOVE mi2:u1', 'REMOVE mi2:u2']);
      assert.equal(emptied.new_state_checksum, EMPTY_STATE_CHECKSUM);
    });

    test('rule 8: DELTA items are upserts; an empty or partial DELTA removes nothing', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [replica('mi2:d1'), replica('mi2:d2')]);
      const empty = await daemon.send('RECONCILE_REQUEST_KIND_DELTA', []);
      assert.equal(empty.result_kind, 'RECONCILE_RESULT_KIND_NOOP');
      const partial = await daemon.send('RECONCILE_REQUEST_KIND_DELTA', [
        replica('mi2:d2', { available: false }),
        replica('mi2:d3'),
      ]);
      assert.equal(partial.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      assert.deepEqual(kinds(partial).sort(), ['ADD mi2:d3', 'UPDATE mi2:d2']);
      assert.equal(
        partial.new_state_checksum,
        checksumOf([replica('mi2:d1'), replica('mi2:d2', { available: false }), replica('mi2:d3')]),
      );
    });

    test("rule 8: a server replica created after the snapshot's oldest registered_ts is kept", async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      // Registered on the server now, while the daemon's snapshot (stamped a minute ago) was
      // being assembled: it raced the snapshot and must survive it.
      await daemon.send('RECONCILE_REQUEST_KIND_DELTA', [replica('mi2:racer')]);
      const minuteAgo = Date.now() - 60_000;
      const raced = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [
        replica('mi2:old', { registeredMs: minuteAgo }),
        replica('mi2:older', { registeredMs: minuteAgo + 5_000 }),
      ]);
      assert.deepEqual(
        kinds(raced).sort(),
        ['ADD mi2:old', 'ADD mi2:older'],
        'mi2:racer is not removed',
      );
      // A snapshot that began after mi2:racer was registered does remove it.
      const later = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [
        replica('mi2:old', { registeredMs: Date.now() + 1_000 }),
        replica('mi2:older', { registeredMs: minuteAgo + 5_000 + 120_000 }),
      ]);
      assert.deepEqual(kinds(later), ['REMOVE mi2:racer']);
    });

    test('a bad inventory item is INVALID_ARGUMENT naming inventory[i] and the field; nothing is written', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      await expectGrpcError(
        daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', [
          replica('mi2:ok'),
          replica('mi2:bad', { port: 0 }),
        ]),
        status.INVALID_ARGUMENT,
        /^inventory\[1\]\.memory_info\.node_port: must be a port in 1\.\.65535/,
      );
      daemon.seq -= 1;
      await expectGrpcError(
        daemon.raw({ worker_id: '' }),
        status.INVALID_ARGUMENT,
        /^worker_id: is required/,
      );
      await expectGrpcError(
        daemon.raw({ generation: '18446744073709551615' }),
        status.INVALID_ARGUMENT,
        /^generation: must be an unsigned integer/,
      );
      const ok = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', []);
      assert.equal(
        ok.result_kind,
        'RECONCILE_RESULT_KIND_NOOP',
        'seq 1 was not consumed, nothing was added',
      );
    });

    test('heartbeats agree with reconcile: in sync at the new version and checksum, behind before it', async () => {
      const daemon = new Daemon(clients);
      await daemon.register();
      const inventory = [replica('mi2:hb1'), replica('mi2:hb2', { tier: 'RAM' })];
      const applied = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', inventory);
      assert.equal(applied.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
      const ids = inventory.map((i) => i.ref.artifact_id);
      const current = await daemon.heartbeat(
        applied.new_state_version,
        applied.new_state_checksum,
        ids,
      );
      assert.equal(current.state_sync_required, false);
      assert.equal(current.expected_state_version, applied.new_state_version);
      const older = await daemon.heartbeat(
        String(Number(applied.new_state_version) - 1),
        applied.new_state_checksum,
        ids,
      );
      assert.equal(older.state_sync_required, true);
      const wrongChecksum = await daemon.heartbeat(
        applied.new_state_version,
        EMPTY_STATE_CHECKSUM,
        ids,
      );
      assert.equal(wrongChecksum.state_sync_required, true);
    });

    test('metrics: result kinds, state syncs, their duration and conflicts are exported', async () => {
      const text = await httpText(`http://127.0.0.1:${server.metricsPort}/metrics`);
      for (const kind of [
        'applied',
        'noop',
        'ignored_stale',
        'retry_later',
        'rebase_required',
        'fatal',
      ]) {
        assert.ok(
          metricValue(text, 'tc_reconcile_result_total', `result_kind="${kind}"`) > 0,
          kind,
        );
      }
      assert.ok(metricValue(text, 'tc_state_sync_total', 'result="applied"') > 0);
      assert.ok(metricValue(text, 'tc_state_sync_total', 'result="rejected"') > 0);
      assert.ok(metricValue(text, 'tc_state_sync_seconds_count', 'kind="snapshot"') > 0);
      for (const scope of [
        'reconcile_daemon_mismatch',
        'reconcile_stale_seq',
        'reconcile_seq_gap',
      ]) {
        assert.ok(
          metricValue(text, 'tc_control_plane_conflicts_total', `scope="${scope}"`) > 0,
          scope,
        );
      }
    });
  });

  describe(`reconcile across a Global Store restart (${driver})`, () => {
    test('the cursor survives; replicas are unavailable until a snapshot re-confirms them', async () => {
      const dir = tempDir();
      const database = await e2eDatabase(driver, 'reconcile_restart', { dir });
      const configPath = writeConfig(dir, testConfig({ database: database.section }));
      let server = await startGlobalStore(configPath);
      let clients = connectClients(server.address);
      const daemon = new Daemon(clients);
      await daemon.register();
      const inventory = [replica('mi2:durable-1'), replica('mi2:durable-2')];
      const before = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', inventory);
      clients.close();
      assert.equal(await server.stop(), 0);

      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      try {
        daemon.clients = clients;
        const hb = await daemon.heartbeat(before.new_state_version, before.new_state_checksum);
        assert.equal(hb.status, 'STATUS_OK');
        assert.equal(
          hb.state_sync_required,
          true,
          'the replicas are unavailable now: checksums differ',
        );
        const duplicate = await daemon.raw({});
        assert.equal(
          duplicate.result_kind,
          'RECONCILE_RESULT_KIND_NOOP',
          'the cursor was persisted',
        );
        const resync = await daemon.send('RECONCILE_REQUEST_KIND_SNAPSHOT', inventory);
        assert.equal(resync.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
        assert.deepEqual(kinds(resync), ['UPDATE mi2:durable-1', 'UPDATE mi2:durable-2']);
        assert.equal(resync.new_state_checksum, before.new_state_checksum);
        const ids = new Set(
          resync.state_changes.map((c: Message) => c.replica_info.ref.replica_id),
        );
        assert.deepEqual(
          ids,
          new Set(before.state_changes.map((c: Message) => c.replica_info.ref.replica_id)),
        );
        const after = await daemon.heartbeat(resync.new_state_version, resync.new_state_checksum);
        assert.equal(after.state_sync_required, false);
      } finally {
        clients.close();
        assert.equal(await server.stop(), 0);
        await database.drop();
      }
    });
  });
}
