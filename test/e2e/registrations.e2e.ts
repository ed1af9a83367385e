import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { merkleRoot } from '../../libs/registrations/src';
import { mi2ArtifactId, multihashFromDigest } from '../../libs/artifacts/src';
import {
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
import { e2eDatabase, serverPerSuite, testDrivers } from './support/databases';

const sha256 = (bytes: Uint8Array | string): Buffer => createHash('sha256').update(bytes).digest();
const INDEX = Buffer.from('{"tensors":["layer0.weight"],"e2e":true}');

function content(size: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => (i * 13 + seed) & 0xff));
}

function chunk(registrationId: string, epoch: string, offset: number, bytes: Buffer): Message {
  return {
    registration_id: registrationId,
    epoch,
    chunk: { offset: String(offset), length: String(bytes.length), digest: sha256(bytes) },
  };
}

function chunks(registrationId: string, epoch: string, data: Buffer, size: number): Message[] {
  const out: Message[] = [];
  for (let o = 0; o < data.length; o += size)
    out.push(chunk(registrationId, epoch, o, data.subarray(o, o + size)));
  return out;
}

type StreamClient = grpc.Client & {
  FeedRegistration(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: Message) => void,
  ): grpc.ClientWritableStream<Message>;
};

/** Opens a FeedRegistration client stream; `done` settles with the server's single answer. */
function openFeed(clients: GlobalStoreClients): {
  stream: grpc.ClientWritableStream<Message>;
  done: Promise<Message>;
} {
  let stream!: grpc.ClientWritableStream<Message>;
  const done = new Promise<Message>((resolve, reject) => {
    stream = (clients.registration as unknown as StreamClient).FeedRegistration(
      new grpc.Metadata(),
      { deadline: Date.now() + 10_000 },
      (error, response) => (error ? reject(error) : resolve(response!)),
    );
  });
  return { stream, done };
}

async function feedAll(clients: GlobalStoreClients, frames: Message[]): Promise<Message> {
  const { stream, done } = openFeed(clients);
  for (const frame of frames) stream.write(frame);
  stream.end();
  return done;
}

function expectedId(data: Buffer, size: number): string {
  const leaves: Buffer[] = [];
  for (let o = 0; o < data.length; o += size) leaves.push(sha256(data.subarray(o, o + size)));
  return mi2ArtifactId(multihashFromDigest(sha256(INDEX)), multihashFromDigest(merkleRoot(leaves)));
}

async function metricsText(server: GlobalStoreProcess): Promise<string> {
  return (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
}

function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

for (const driver of testDrivers()) {
  describe(`registration leases over real gRPC (${driver})`, () => {
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    serverPerSuite(
      driver,
      'registrations',
      { registrations: { default_ttl: '20s', max_ttl: '30s', max_pending_per_daemon: 3 } },
      (suite) => ({ server, clients } = suite),
    );

    async function worker(): Promise<{ worker_id: string; daemon_id: string }> {
      const req = workerRequest();
      const reg = await call(clients.runtime, 'RegisterWorker', req);
      return { worker_id: reg.worker_id, daemon_id: req.daemon_id };
    }

    function begin(
      w: { worker_id: string; daemon_id: string },
      overrides: Message = {},
    ): Promise<Message> {
      return call(clients.registration, 'BeginRegistration', {
        worker_id: w.worker_id,
        daemon_id: w.daemon_id,
        owner_pid: 777,
        device_id: 1,
        total_size: '96',
        tensor_index_data: INDEX,
        encoding: 'json',
        coalesced: { remote_memory_key: 'rk-e2e' },
        ...overrides,
      });
    }

    test('begin → feed (client stream) → keepalive → commit, with every metric moving', async () => {
      const before = await metricsText(server);
      const w = await worker();
      const begun = await begin(w);
      assert.match(begun.registration_id, /^reg_/);
      assert.equal(begun.plan_kind, 'REGISTRATION_PLAN_KIND_COALESCED');
      assert.equal(begun.lease.epoch, '1');
      assert.equal(begun.tensor_index_key, sha256(INDEX).toString('hex'));
      const expiresIn = Number(begun.lease.expires_at.seconds) * 1000 - Date.now();
      assert.ok(expiresIn > 15_000 && expiresIn <= 21_000, `default_ttl applied (${expiresIn} ms)`);

      const listed = await call(clients.registration, 'ListRegistrations', {
        daemon_id: w.daemon_id,
      });
      assert.equal(listed.registrations.length, 1);
      assert.equal(listed.registrations[0].state, 'REGISTRATION_STATE_OPEN');
      assert.equal(listed.registrations[0].lease_id, begun.lease.lease_id);

      const data = content(96, 3);
      const frames = chunks(begun.registration_id, '1', data, 32);
      const fed = await feedAll(clients, [frames[1], frames[0]]);
      assert.equal(fed.accepted_bytes, '64');
      assert.equal(fed.accepted_segments, '2');
      assert.equal(fed.covered_bytes, '64');
      assert.equal(fed.lease.epoch, '1');
      const rest = await feedAll(clients, [frames[2]]);
      assert.equal(rest.covered_bytes, '96');

      const kept = await call(clients.registration, 'KeepaliveRegistration', {
        registration_id: begun.registration_id,
        owner_pid: 777,
        ttl_ms: 60_000,
      });
      const keptFor = Number(kept.lease.expires_at.seconds) * 1000 - Date.now();
      assert.ok(keptFor > 25_000 && keptFor <= 31_000, `ttl capped at max_ttl (${keptFor} ms)`);

      const committed = await call(clients.registration, 'CommitRegistration', {
        registration_id: begun.registration_id,
        epoch: '1',
      });
      assert.equal(committed.descriptor.artifact_id, expectedId(data, 32));
      assert.equal(committed.descriptor.id_kind, 'ARTIFACT_ID_KIND_MI2');
      assert.equal(committed.descriptor.total_size, '96');
      assert.equal(committed.existed, false);
      assert.match(committed.replica_id, /^[0-9a-f-]{36}$/);
      const again = await call(clients.registration, 'CommitRegistration', {
        registration_id: begun.registration_id,
        epoch: '1',
      });
      assert.deepEqual({ ...again, existed: false }, committed, 'Commit is idempotent');
      assert.equal(again.existed, true);
      const after = await call(clients.registration, 'ListRegistrations', {
        daemon_id: w.daemon_id,
      });
      assert.deepEqual(after.registrations, []);

      const text = await metricsText(server);
      const moved = (name: string, by: number, labels = '') =>
        assert.equal(metricValue(text, name, labels) - metricValue(before, name, labels), by, name);
      moved('tc_register_begin_coalesced_total', 1);
      moved('tc_register_commit_coalesced_total', 1);
      moved('tc_register_keepalive_total', 1);
      moved('tc_register_commit_seconds_count', 1, '{result="ok"}');
      for (const name of [
        'tc_register_begin_cpu_total',
        'tc_register_begin_lease_total',
        'tc_register_commit_cpu_total',
        'tc_register_commit_lease_total',
        'tc_register_abort_total',
        'tc_register_revoke_total',
        'tc_register_feed_cpu_bytes_total',
        'tc_register_feed_lease_segments_total',
        'tc_register_feed_lease_bytes_total',
      ]) {
        assert.match(text, new RegExp(`^${name} \\d+`, 'm'), `${name} is exported`);
      }
      assert.match(text, /^# TYPE tc_register_pending_gauge gauge$/m);
      assert.doesNotMatch(
        text,
        new RegExp(`tc_register_pending_gauge\\{daemon_id="${w.daemon_id}"\\}`),
      );
    });

    test('cpu and lease plans: their feed counters move and the replicas land in RAM and GPU', async () => {
      const before = await metricsText(server);
      const w = await worker();
      const data = content(40, 9);
      const cpu = await begin(w, { total_size: '40', coalesced: undefined, cpu: {} });
      assert.equal(cpu.plan_kind, 'REGISTRATION_PLAN_KIND_CPU');
      await feedAll(clients, chunks(cpu.registration_id, '1', data, 20));
      await call(clients.registration, 'CommitRegistration', {
        registration_id: cpu.registration_id,
        epoch: '1',
      });
      const lease = await begin(w, { total_size: '40', coalesced: undefined, lease: {} });
      const fed = await feedAll(clients, [
        {
          registration_id: lease.registration_id,
          epoch: '1',
          lease_segments: {
            segments: [0, 20].map((o) => ({
              storage_id: 'pool',
              storage_offset: String(o),
              artifact_offset: String(o),
              length: '20',
              digest: sha256(data.subarray(o, o + 20)),
            })),
          },
        },
      ]);
      assert.equal(fed.accepted_segments, '2');
      const committed = await call(clients.registration, 'CommitRegistration', {
        registration_id: lease.registration_id,
        epoch: '1',
      });
      assert.equal(committed.descriptor.artifact_id, expectedId(data, 20));
      const text = await metricsText(server);
      const moved = (name: string) => metricValue(text, name) - metricValue(before, name);
      assert.equal(moved('tc_register_begin_cpu_total'), 1);
      assert.equal(moved('tc_register_begin_lease_total'), 1);
      assert.equal(moved('tc_register_commit_cpu_total'), 1);
      assert.equal(moved('tc_register_commit_lease_total'), 1);
      assert.equal(moved('tc_register_feed_cpu_bytes_total'), 40);
      assert.equal(moved('tc_register_feed_lease_segments_total'), 2);
      assert.equal(moved('tc_register_feed_lease_bytes_total'), 40);
    });

    test('an error mid-stream reaches the client while it is still sending; earlier frames stay accepted', async () => {
      const w = await worker();
      const begun = await begin(w);
      const data = content(96, 5);
      const { stream, done } = openFeed(clients);
      stream.write(chunk(begun.registration_id, '1', 0, data.subarray(0, 32)));
      stream.write(chunk(begun.registration_id, '1', 16, data.subarray(16, 48)));
      // The stream is deliberately left open: the answer must not wait for its end.
      const error = await expectGrpcError(
        done,
        status.INVALID_ARGUMENT,
        /^chunk: bytes \[16, 48\) overlap accepted bytes \[0, 32\)/,
      );
      assert.equal(error.metadata.get('x-tensorcast-status')[0], 'STATUS_ERROR');
      stream.end();
      const listed = await call(clients.registration, 'ListRegistrations', {
        worker_id: w.worker_id,
      });
      assert.equal(listed.registrations[0].covered_bytes, '32');

      const stale = openFeed(clients);
      stale.stream.write(chunk(begun.registration_id, '1', 32, data.subarray(32, 64)));
      stale.stream.write(chunk(begun.registration_id, '9', 64, data.subarray(64, 96)));
      await expectGrpcError(
        stale.done,
        status.FAILED_PRECONDITION,
        /^epoch: 9 is not the current epoch 1/,
      );
      stale.stream.end();

      await expectGrpcError(
        feedAll(clients, [
          { registration_id: begun.registration_id, epoch: '1', lease_segments: { segments: [] } },
        ]),
        status.INVALID_ARGUMENT,
        /^lease_segments: the registration's plan is coalesced/,
      );
      await expectGrpcError(
        feedAll(clients, [chunk('reg_missing', '1', 0, data.subarray(0, 8))]),
        status.NOT_FOUND,
        /^registration_id: no registration "reg_missing"/,
      );
      const rest = await feedAll(clients, chunks(begun.registration_id, '1', data, 32).slice(2));
      assert.equal(rest.covered_bytes, '96', 'the frame accepted before the stale one was kept');
      const committed = await call(clients.registration, 'CommitRegistration', {
        registration_id: begun.registration_id,
        epoch: '1',
      });
      assert.equal(committed.descriptor.artifact_id, expectedId(data, 32));
    });

    test('error codes: begin, keepalive, commit, abort, revoke', async () => {
      const w = await worker();
      await expectGrpcError(
        begin(w, { total_size: '0' }),
        status.INVALID_ARGUMENT,
        /^total_size: must be greater than 0/,
      );
      await expectGrpcError(
        begin(w, { coalesced: undefined }),
        status.INVALID_ARGUMENT,
        /^plan: one of coalesced, cpu or lease/,
      );
      await expectGrpcError(
        begin(w, { tensor_index_data: undefined }),
        status.INVALID_ARGUMENT,
        /^index: one of/,
      );
      await expectGrpcError(begin(w, { owner_pid: 0 }), status.INVALID_ARGUMENT, /^owner_pid:/);
      await expectGrpcError(
        begin(w, { total_size: '18446744073709551615' }),
        status.INVALID_ARGUMENT,
        /^total_size: must be an unsigned integer/,
      );
      await expectGrpcError(
        begin({ ...w, worker_id: 'worker_none' }),
        status.NOT_FOUND,
        /^worker_id: no worker "worker_none"/,
      );
      await expectGrpcError(
        begin({ ...w, daemon_id: 'daemon-else' }),
        status.PERMISSION_DENIED,
        /^daemon_id: worker .* belongs to daemon/,
      );
      await expectGrpcError(
        begin(w, { tensor_index_data: undefined, tensor_index_key: 'cd'.repeat(32) }),
        status.NOT_FOUND,
        /^tensor_index_key: no tensor index/,
      );

      const a = await begin(w);
      await expectGrpcError(
        call(clients.registration, 'KeepaliveRegistration', {
          registration_id: a.registration_id,
          owner_pid: 778,
        }),
        status.PERMISSION_DENIED,
        /^owner_pid: registration .* held by pid 777, not 778/,
      );
      await expectGrpcError(
        call(clients.registration, 'CommitRegistration', {
          registration_id: a.registration_id,
          epoch: '1',
        }),
        status.FAILED_PRECONDITION,
        /^coverage: bytes \[0, 96\) of registration .* have not been fed/,
      );
      await expectGrpcError(
        call(clients.registration, 'CommitRegistration', {
          registration_id: a.registration_id,
          epoch: '2',
        }),
        status.FAILED_PRECONDITION,
        /^epoch: 2 is not the current epoch 1/,
      );
      await call(clients.registration, 'AbortRegistration', {
        registration_id: a.registration_id,
        reason: 'test',
      });
      await call(clients.registration, 'AbortRegistration', { registration_id: a.registration_id });
      await expectGrpcError(
        call(clients.registration, 'CommitRegistration', {
          registration_id: a.registration_id,
          epoch: '1',
        }),
        status.ABORTED,
        /was aborted: test/,
      );
      await expectGrpcError(
        call(clients.registration, 'AbortRegistration', { registration_id: 'reg_nope' }),
        status.NOT_FOUND,
      );

      const pending = [await begin(w), await begin(w), await begin(w)];
      await expectGrpcError(
        begin(w),
        status.RESOURCE_EXHAUSTED,
        /^daemon_id: daemon .* already has 3 open registrations/,
      );
      const gauge = await metricsText(server);
      assert.equal(
        metricValue(gauge, 'tc_register_pending_gauge', `{daemon_id="${w.daemon_id}"}`),
        3,
      );
      const one = await call(clients.registration, 'RevokeRegistration', {
        registration_id: pending[0].registration_id,
        reason: 'ops',
      });
      assert.equal(one.revoked, 1);
      const rest = await call(clients.registration, 'RevokeRegistration', {
        daemon_id: w.daemon_id,
      });
      assert.equal(rest.revoked, 2);
      await expectGrpcError(
        call(clients.registration, 'CommitRegistration', {
          registration_id: pending[1].registration_id,
          epoch: '1',
        }),
        status.ABORTED,
        /was revoked: revoked by an operator/,
      );
      await expectGrpcError(
        call(clients.registration, 'RevokeRegistration', { reason: 'x' }),
        status.INVALID_ARGUMENT,
        /^target:/,
      );
      await expectGrpcError(
        call(clients.registration, 'RevokeRegistration', { registration_id: 'reg_nope' }),
        status.NOT_FOUND,
      );
    });

    test('expiry: DEADLINE_EXCEEDED for feed, keepalive and commit once the lease runs out', async () => {
      const w = await worker();
      const short = await begin(w, { ttl_ms: 300 });
      const data = content(96, 1);
      await feedAll(clients, chunks(short.registration_id, '1', data, 32));
      await sleep(450);
      await expectGrpcError(
        call(clients.registration, 'CommitRegistration', {
          registration_id: short.registration_id,
          epoch: '1',
        }),
        status.DEADLINE_EXCEEDED,
      );
      await expectGrpcError(
        call(clients.registration, 'KeepaliveRegistration', {
          registration_id: short.registration_id,
          owner_pid: 777,
        }),
        status.DEADLINE_EXCEEDED,
      );
      await expectGrpcError(
        feedAll(clients, [chunk(short.registration_id, '1', 0, data)]),
        status.DEADLINE_EXCEEDED,
      );
      const text = await metricsText(server);
      assert.ok(metricValue(text, 'tc_register_commit_seconds_count', '{result="expired"}') >= 1);
      assert.ok(metricValue(text, 'tc_register_commit_seconds_count', '{result="aborted"}') >= 1);
    });

    test('unregistering a worker revokes its open registrations', async () => {
      const w = await worker();
      const begun = await begin(w);
      await call(clients.runtime, 'UnregisterWorker', { worker_id: w.worker_id });
      for (let i = 0; i < 50; i++) {
        const listed = await call(clients.registration, 'ListRegistrations', {
          worker_id: w.worker_id,
        });
        if (listed.registrations.length === 0) break;
        await sleep(20);
      }
      await expectGrpcError(
        call(clients.registration, 'CommitRegistration', {
          registration_id: begun.registration_id,
          epoch: '1',
        }),
        status.ABORTED,
        /was revoked: worker unregistered/,
      );
    });

    test('many daemons registering the same content at once: one artifact id, one replica each', async () => {
      const data = content(128, 42);
      const workers = await Promise.all(Array.from({ length: 8 }, () => worker()));
      const answers = await Promise.all(
        workers.map(async (w) => {
          const begun = await begin(w, { total_size: '128' });
          await feedAll(clients, chunks(begun.registration_id, '1', data, 32));
          return call(clients.registration, 'CommitRegistration', {
            registration_id: begun.registration_id,
            epoch: '1',
          });
        }),
      );
      assert.deepEqual(
        new Set(answers.map((a) => a.descriptor.artifact_id)),
        new Set([expectedId(data, 32)]),
      );
      assert.equal(new Set(answers.map((a) => a.replica_id)).size, 8);
    });
  });

  describe(`registration leases across a restart (${driver})`, () => {
    test('open registrations come back whole: coverage kept, epoch bumped, old epoch refused', async () => {
      const dir = tempDir();
      const database = await e2eDatabase(driver, 'registrations_restart', { dir });
      const configPath = writeConfig(dir, testConfig({ database: database.section }));
      let server = await startGlobalStore(configPath);
      let clients = connectClients(server.address);
      const req = workerRequest();
      const { worker_id } = await call(clients.runtime, 'RegisterWorker', req);
      const data = content(96, 7);
      const open: Message[] = [];
      for (let i = 0; i < 3; i++) {
        const begun = await call(clients.registration, 'BeginRegistration', {
          worker_id,
          daemon_id: req.daemon_id,
          owner_pid: 321,
          total_size: '96',
          tensor_index_data: INDEX,
          coalesced: {},
        });
        open.push(begun);
        await feedAll(clients, chunks(begun.registration_id, '1', data, 32).slice(0, i + 1));
      }
      clients.close();
      await server.kill();

      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      try {
        assert.match(server.output(), /3 open registration\(s\) \(0 revoked\)/);
        const listed = await call(clients.registration, 'ListRegistrations', {
          daemon_id: req.daemon_id,
        });
        assert.deepEqual(
          listed.registrations.map((r: Message) => [r.registration_id, r.epoch, r.covered_bytes]),
          open.map((b, i) => [b.registration_id, '2', String(32 * (i + 1))]),
        );
        await expectGrpcError(
          feedAll(clients, [chunk(open[0].registration_id, '1', 32, data.subarray(32, 64))]),
          status.FAILED_PRECONDITION,
          /^epoch: 1 is not the current epoch 2/,
        );
        const kept = await call(clients.registration, 'KeepaliveRegistration', {
          registration_id: open[0].registration_id,
          owner_pid: 321,
        });
        assert.equal(kept.lease.epoch, '2');
        await feedAll(clients, chunks(open[0].registration_id, '2', data, 32).slice(1));
        const committed = await call(clients.registration, 'CommitRegistration', {
          registration_id: open[0].registration_id,
          epoch: '2',
        });
        assert.equal(committed.descriptor.artifact_id, expectedId(data, 32));
        await call(clients.registration, 'AbortRegistration', {
          registration_id: open[1].registration_id,
        });
        const left = await call(clients.registration, 'ListRegistrations', {});
        assert.deepEqual(
          left.registrations.map((r: Message) => r.registration_id),
          [open[2].registration_id],
        );
      } finally {
        clients.close();
        assert.equal(await server.stop(), 0);
        await database.drop();
      }
    });
  });
}
