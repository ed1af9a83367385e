import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import { WorkerEntity } from '../../workers/src';
import { RegistrationEntity, RegistrationFrameEntity } from './registration.entity';
import {
  Harness,
  INDEX_KEY,
  beginInput,
  content,
  expectedArtifactId,
  rejects,
  rowOf,
  chunkFrame,
  chunksOf,
  createHarness,
  feed,
  segmentsFrame,
  sha256,
} from './registrations.harness';
import { toFeedFrame } from './feed-frames';
import { RESTART_REASON } from './registration-recovery.service';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ registrations: { default_ttl: 10_000, max_ttl: 60_000 } });
});
afterEach(async () => h.close());

describe('BeginRegistration', () => {
  test('grants a durable lease: epoch 1, default TTL, counted per plan, pending gauge', async () => {
    const worker = await h.registerWorker();
    const begun = await h.begins.begin(beginInput(worker));
    assert.match(begun.registrationId, /^reg_[0-9a-f-]{36}$/);
    assert.equal(begun.lease.epoch, 1);
    assert.equal(begun.lease.leaseId, `${begun.registrationId}/1`);
    assert.equal(begun.lease.expiresAt, h.clock.now() + 10_000);
    assert.equal(begun.plan, 'coalesced');
    assert.equal(begun.tensorIndexKey, INDEX_KEY, 'inline index is stored under its sha256');
    const row = await rowOf(h, begun.registrationId);
    assert.equal(row.state, 'OPEN');
    assert.equal(row.ttlMs, 10_000);
    assert.equal(await h.counter('tc_register_begin_coalesced_total'), 1);
    assert.deepEqual(await h.pendingGauge(), new Map([[worker.daemonId, 1]]));

    await h.begins.begin(
      beginInput(worker, { plan: 'cpu', tensorIndexKey: INDEX_KEY, tensorIndexData: undefined }),
    );
    await h.begins.begin(beginInput(worker, { plan: 'lease' }));
    assert.equal(await h.counter('tc_register_begin_cpu_total'), 1);
    assert.equal(await h.counter('tc_register_begin_lease_total'), 1);
    assert.deepEqual(await h.pendingGauge(), new Map([[worker.daemonId, 3]]));
  });

  test('ttl_ms: 0 means the default, above max_ttl it is capped', async () => {
    const worker = await h.registerWorker();
    const short = await h.begins.begin(beginInput(worker, { ttlMs: 1500 }));
    assert.equal(short.lease.expiresAt, h.clock.now() + 1500);
    const capped = await h.begins.begin(beginInput(worker, { ttlMs: 4_000_000 }));
    assert.equal(capped.lease.expiresAt, h.clock.now() + 60_000);
    assert.equal((await rowOf(h, capped.registrationId)).ttlMs, 60_000);
  });

  test('bad input is INVALID_ARGUMENT naming the field, and nothing is written', async () => {
    const worker = await h.registerWorker();
    const cases: [Parameters<typeof beginInput>[1], RegExp][] = [
      [{ workerId: ' ' }, /^worker_id: is required/],
      [{ daemonId: '' }, /^daemon_id: is required/],
      [{ ownerPid: 0 }, /^owner_pid: must be a process id > 0/],
      [{ totalSize: 0 }, /^total_size: must be greater than 0/],
      [{ plan: undefined }, /^plan: one of coalesced, cpu or lease is required/],
      [
        { tensorIndexData: undefined },
        /^index: one of tensor_index_key or tensor_index_data is required/,
      ],
      [
        { tensorIndexKey: INDEX_KEY },
        /^index: give tensor_index_key or tensor_index_data, not both/,
      ],
      [
        { tensorIndexData: undefined, tensorIndexKey: 'abc' },
        /^tensor_index_key: must be the 64 hex digits/,
      ],
      [{ tensorIndexData: Buffer.alloc(0) }, /^tensor_index_data: is empty/],
    ];
    for (const [override, message] of cases) {
      await rejects(h.begins.begin(beginInput(worker, override)), 'INVALID_ARGUMENT', message);
    }
    assert.equal(await h.dataSource.manager.count(RegistrationEntity), 0);
  });

  test('the worker must be known, active and owned by daemon_id', async () => {
    const worker = await h.registerWorker();
    await rejects(
      h.begins.begin(beginInput({ ...worker, workerId: 'worker_nobody' })),
      'WORKER_NOT_FOUND',
      /^worker_id: no worker "worker_nobody"/,
    );
    await rejects(
      h.begins.begin(beginInput({ ...worker, daemonId: 'daemon-intruder' })),
      'WORKER_OWNED_BY_OTHER_DAEMON',
      /^daemon_id: worker .* belongs to daemon/,
    );
    await h.workers.unregisterWorker(worker.workerId);
    await rejects(
      h.begins.begin(beginInput(worker)),
      'WORKER_INACTIVE',
      /^worker_id: .* is not active/,
    );
  });

  test('tensor_index_key must name a stored index', async () => {
    const w = await h.registerWorker();
    const missing = 'ab'.repeat(32);
    await rejects(
      h.begins.begin(beginInput(w, { tensorIndexData: undefined, tensorIndexKey: missing })),
      'INDEX_NOT_FOUND',
      /^tensor_index_key: no tensor index/,
    );
    await h.begins.begin(beginInput(w));
    const byKey = await h.begins.begin(
      beginInput(w, { tensorIndexData: undefined, tensorIndexKey: INDEX_KEY.toUpperCase() }),
    );
    assert.equal(byKey.tensorIndexKey, INDEX_KEY);
  });

  test('max_pending_per_daemon: RESOURCE_EXHAUSTED beyond it, also under concurrency', async () => {
    await h.close();
    h = await createHarness({ registrations: { max_pending_per_daemon: 2 } });
    const worker = await h.registerWorker();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => h.begins.begin(beginInput(worker))),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      assert.equal(o.reason.code, 'TOO_MANY_PENDING');
      assert.match(o.reason.message, /^daemon_id: daemon .* already has 2 open/);
    }
    const first = outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{
      registrationId: string;
    }>;
    await h.registrations.abort(first.value.registrationId, 'make room');
    await h.begins.begin(beginInput(worker));
    const other = await h.registerWorker();
    await h.begins.begin(beginInput(other));
  });

  test('client_request_id: a retry replays the first answer; another request is refused', async () => {
    const worker = await h.registerWorker();
    const input = beginInput(worker, { clientRequestId: 'begin-1' });
    const [a, b] = await Promise.all([h.begins.begin(input), h.begins.begin(input)]);
    assert.deepEqual(b, a);
    assert.deepEqual(await h.begins.begin(input), a);
    assert.equal(await h.dataSource.manager.count(RegistrationEntity), 1);
    assert.equal(await h.counter('tc_register_begin_coalesced_total'), 1);
    assert.deepEqual(await h.pendingGauge(), new Map([[worker.daemonId, 1]]));
    await rejects(
      h.begins.begin({ ...input, totalSize: 128 }),
      'IDEMPOTENCY_KEY_REUSED',
      /^client_request_id: "begin-1" was already used/,
    );
  });
});

describe('FeedRegistration', () => {
  test('accepts chunks, reports coverage and extends the lease with every frame', async () => {
    const worker = await h.registerWorker();
    const begun = await h.begins.begin(beginInput(worker, { totalSize: 64, ttlMs: 5000 }));
    const frames = chunksOf(begun.registrationId, 1, content(64), 16);
    h.clock.advance(4000);
    const first = await feed(h.feeds, frames.slice(0, 2));
    assert.equal(first.acceptedBytes, 32);
    assert.equal(first.acceptedSegments, 2);
    assert.equal(first.coveredBytes, 32);
    assert.equal(
      first.lease?.expiresAt,
      h.clock.now() + 5000,
      'a frame extends the lease by the granted TTL',
    );
    h.clock.advance(4000);
    const second = await feed(h.feeds, frames.slice(2));
    assert.equal(second.acceptedBytes, 32);
    assert.equal(second.coveredBytes, 64);
    const row = await rowOf(h, begun.registrationId);
    assert.deepEqual(row.coverage, { covered_bytes: 64, frames: 4 });
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 4);
  });

  test('an identical frame again is a no-op; any other overlap is refused', async () => {
    const worker = await h.registerWorker();
    const begun = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    const data = content(64);
    await feed(h.feeds, [chunkFrame(begun.registrationId, 1, 0, data.subarray(0, 32))]);
    const again = await feed(h.feeds, [
      chunkFrame(begun.registrationId, 1, 0, data.subarray(0, 32)),
    ]);
    assert.equal(again.acceptedBytes, 0);
    assert.equal(again.coveredBytes, 32);
    await rejects(
      feed(h.feeds, [chunkFrame(begun.registrationId, 1, 16, data.subarray(16, 48))]),
      'INVALID_ARGUMENT',
      /^chunk: bytes \[16, 48\) overlap accepted bytes \[0, 32\)/,
    );
    await rejects(
      feed(h.feeds, [chunkFrame(begun.registrationId, 1, 0, data.subarray(0, 16))]),
      'INVALID_ARGUMENT',
      /^chunk: bytes \[0, 16\) overlap/,
    );
  });

  test('frames must lie inside [0, total_size), be non-empty and carry a 32-byte digest', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    const frame = (offset: string, length: string, digest: Buffer) => ({
      registration_id: id,
      epoch: '1',
      feed: 'chunk' as const,
      chunk: { offset, length, digest },
    });
    const good = sha256('x');
    await rejects(
      feed(h.feeds, [frame('48', '17', good)]),
      'INVALID_ARGUMENT',
      /^chunk: bytes \[48, 65\) are outside \[0, 64\)/,
    );
    await rejects(
      feed(h.feeds, [frame('0', '0', good)]),
      'INVALID_ARGUMENT',
      /^chunk\.length: must be greater than 0/,
    );
    await rejects(
      feed(h.feeds, [frame('0', '8', Buffer.alloc(31))]),
      'INVALID_ARGUMENT',
      /^chunk\.digest: must be a 32-byte sha256 \(got 31 bytes\)/,
    );
    await rejects(
      feed(h.feeds, [frame('-1', '8', good)]),
      'INVALID_ARGUMENT',
      /^chunk\.offset: must be an unsigned integer/,
    );
    await rejects(
      feed(h.feeds, [{ registration_id: id, epoch: '1' }]),
      'INVALID_ARGUMENT',
      /^feed: a frame needs chunk/,
    );
    await rejects(
      feed(h.feeds, [{ ...frame('0', '8', good), registration_id: '' }]),
      'INVALID_ARGUMENT',
      /^registration_id: is required/,
    );
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 0);
  });

  test('a frame of the wrong kind for the plan is refused', async () => {
    const worker = await h.registerWorker();
    const coalesced = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    const lease = await h.begins.begin(beginInput(worker, { totalSize: 64, plan: 'lease' }));
    await rejects(
      feed(h.feeds, [
        segmentsFrame(coalesced.registrationId, 1, [{ offset: 0, bytes: content(8) }]),
      ]),
      'INVALID_ARGUMENT',
      /^lease_segments: the registration's plan is coalesced, which is fed with chunk frames/,
    );
    await rejects(
      feed(h.feeds, [chunkFrame(lease.registrationId, 1, 0, content(8))]),
      'INVALID_ARGUMENT',
      /^chunk: the registration's plan is lease, which is fed with lease_segments frames/,
    );
  });

  test('a stale or unknown epoch is FAILED_PRECONDITION', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    await rejects(
      feed(h.feeds, [chunkFrame(id, 2, 0, content(8))]),
      'REGISTRATION_STALE_EPOCH',
      /^epoch: 2 is not the current epoch 1/,
    );
    await rejects(feed(h.feeds, [chunkFrame(id, 0, 0, content(8))]), 'REGISTRATION_STALE_EPOCH');
  });

  test('one stream serves one registration', async () => {
    const worker = await h.registerWorker();
    const a = await h.begins.begin(beginInput(worker));
    const b = await h.begins.begin(beginInput(worker));
    const session = h.feeds.openFeed();
    await h.feeds.acceptFrame(session, toFeedFrame(chunkFrame(a.registrationId, 1, 0, content(8))));
    await rejects(
      h.feeds.acceptFrame(session, toFeedFrame(chunkFrame(b.registrationId, 1, 0, content(8)))),
      'INVALID_ARGUMENT',
      /^registration_id: a feed stream serves one registration/,
    );
    const result = await h.feeds.finishFeed(session);
    assert.equal(result.coveredBytes, 8, 'the frame accepted before the error stays accepted');
    assert.equal((await rowOf(h, a.registrationId)).coverage.covered_bytes, 8);
  });

  test('lease segments: counted in segments and bytes; a frame is accepted whole or not at all', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(
      beginInput(worker, { totalSize: 64, plan: 'lease' }),
    );
    const data = content(64);
    await rejects(
      feed(h.feeds, [
        segmentsFrame(id, 1, [
          { offset: 0, bytes: data.subarray(0, 16) },
          { offset: 8, bytes: data.subarray(8, 24) },
        ]),
      ]),
      'INVALID_ARGUMENT',
      /^lease_segments\.segments\[1\]: bytes \[8, 24\) overlap accepted bytes \[0, 16\)/,
    );
    assert.equal(h.leases.get(id)?.coverage.coveredBytes, 0, 'the first segment was taken back');
    await rejects(
      feed(h.feeds, [
        segmentsFrame(id, 1, [{ offset: 0, bytes: data.subarray(0, 8), storageId: '' }]),
      ]),
      'INVALID_ARGUMENT',
      /^lease_segments\.segments\[0\]\.storage_id: is required/,
    );
    await rejects(
      feed(h.feeds, [
        {
          registration_id: id,
          epoch: '1',
          feed: 'lease_segments',
          lease_segments: { segments: [] },
        },
      ]),
      'INVALID_ARGUMENT',
      /^lease_segments\.segments: is empty/,
    );
    const fed = await feed(h.feeds, [
      segmentsFrame(id, 1, [
        { offset: 0, bytes: data.subarray(0, 40) },
        { offset: 40, bytes: data.subarray(40, 64), storageId: 'pool-1' },
      ]),
    ]);
    assert.equal(fed.acceptedSegments, 2);
    assert.equal(await h.counter('tc_register_feed_lease_segments_total'), 2);
    assert.equal(await h.counter('tc_register_feed_lease_bytes_total'), 64);
    assert.equal(await h.counter('tc_register_feed_cpu_bytes_total'), 0);
    const frames = await h.dataSource.manager.find(RegistrationFrameEntity, {
      order: { artifactOffset: 'ASC' },
    });
    assert.deepEqual(
      frames.map((f) => [f.artifactOffset, f.length, f.storageId, f.storageOffset]),
      [
        [0, 40, 'pool-0', 4096],
        [40, 24, 'pool-1', 4136],
      ],
    );
  });

  test('cpu plan bytes are counted once durable', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(
      beginInput(worker, { totalSize: 64, plan: 'cpu' }),
    );
    const session = h.feeds.openFeed();
    await h.feeds.acceptFrame(session, toFeedFrame(chunkFrame(id, 1, 0, content(48))));
    assert.equal(await h.counter('tc_register_feed_cpu_bytes_total'), 0);
    await h.feeds.finishFeed(session);
    assert.equal(await h.counter('tc_register_feed_cpu_bytes_total'), 48);
  });

  test('feeding an unknown, aborted, expired or committed registration says which', async () => {
    const worker = await h.registerWorker();
    await rejects(
      feed(h.feeds, [chunkFrame('reg_nope', 1, 0, content(8))]),
      'REGISTRATION_NOT_FOUND',
      /^registration_id: no registration "reg_nope"/,
    );
    const aborted = await h.begins.begin(beginInput(worker));
    await h.registrations.abort(aborted.registrationId, 'daemon shutting down');
    await rejects(
      feed(h.feeds, [chunkFrame(aborted.registrationId, 1, 0, content(8))]),
      'REGISTRATION_ABORTED',
      /was aborted: daemon shutting down/,
    );
    const expired = await h.begins.begin(beginInput(worker, { ttlMs: 1000 }));
    h.clock.advance(1000);
    await rejects(
      feed(h.feeds, [chunkFrame(expired.registrationId, 1, 0, content(8))]),
      'REGISTRATION_EXPIRED',
    );
    assert.equal(
      (await rowOf(h, expired.registrationId)).state,
      'EXPIRED',
      'marked durably before answering',
    );
    const committed = await h.begins.begin(beginInput(worker, { totalSize: 8 }));
    await feed(h.feeds, [chunkFrame(committed.registrationId, 1, 0, content(8))]);
    await h.commits.commit(committed.registrationId, 1);
    await rejects(
      feed(h.feeds, [chunkFrame(committed.registrationId, 1, 0, content(8))]),
      'PRECONDITION_FAILED',
      /^registration_id: registration .* is already committed/,
    );
  });

  test('frames accepted while an abort commits are refused at the end of the stream', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    const session = h.feeds.openFeed();
    await h.feeds.acceptFrame(session, toFeedFrame(chunkFrame(id, 1, 0, content(8))));
    await h.registrations.abort(id, 'changed my mind');
    await rejects(h.feeds.finishFeed(session), 'REGISTRATION_ABORTED');
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 0);
  });
});

describe('KeepaliveRegistration', () => {
  test('extends the lease in memory only; ttl_ms absent = granted TTL, capped at max_ttl', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { ttlMs: 2000 }));
    const writesBefore = h.writes.stats.writes;
    h.clock.advance(1500);
    const lease = await h.registrations.keepalive(id, 4242, undefined);
    assert.equal(lease.expiresAt, h.clock.now() + 2000);
    assert.equal(lease.epoch, 1);
    assert.equal(
      (await h.registrations.keepalive(id, 4242, 30_000)).expiresAt,
      h.clock.now() + 30_000,
    );
    assert.equal(
      (await h.registrations.keepalive(id, 4242, 999_999)).expiresAt,
      h.clock.now() + 60_000,
    );
    assert.equal(h.writes.stats.writes, writesBefore, 'no disk write');
    assert.equal(await h.counter('tc_register_keepalive_total'), 3);
    h.clock.advance(59_000);
    await h.registrations.keepalive(id, 4242, 0);
    h.clock.advance(1999);
    assert.equal(await h.expiry.sweep(), 0, 'still alive within the granted TTL');
  });

  test('owner_pid must match Begin; unknown, ended and expired registrations are refused', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { ttlMs: 1000 }));
    await rejects(
      h.registrations.keepalive(id, 4243, undefined),
      'REGISTRATION_NOT_OWNER',
      /^owner_pid: .* held by pid 4242, not 4243/,
    );
    await rejects(h.registrations.keepalive('reg_x', 4242, undefined), 'REGISTRATION_NOT_FOUND');
    await rejects(
      h.registrations.keepalive('', 4242, undefined),
      'INVALID_ARGUMENT',
      /^registration_id: is required/,
    );
    h.clock.advance(1000);
    await rejects(h.registrations.keepalive(id, 4242, undefined), 'REGISTRATION_EXPIRED');
    assert.equal((await rowOf(h, id)).state, 'EXPIRED');
    await rejects(h.registrations.keepalive(id, 4242, undefined), 'REGISTRATION_EXPIRED');
    assert.equal(await h.counter('tc_register_keepalive_total'), 0);
  });

  test('a keepalive that shortens the lease is still swept on time', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { ttlMs: 50_000 }));
    await h.registrations.keepalive(id, 4242, 100);
    h.clock.advance(100);
    assert.equal(await h.expiry.sweep(), 1);
    assert.equal((await rowOf(h, id)).state, 'EXPIRED');
  });
});

describe('AbortRegistration and RevokeRegistration', () => {
  test('abort ends an open registration and drops its frames; repeat is OK; committed ones refuse', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    await feed(h.feeds, [chunkFrame(id, 1, 0, content(8))]);
    await h.registrations.abort(id, '');
    const row = await rowOf(h, id);
    assert.equal(row.state, 'ABORTED');
    assert.equal(row.endReason, 'aborted by its owner');
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 0);
    assert.equal(h.leases.get(id), undefined);
    await h.registrations.abort(id, 'again');
    assert.equal(await h.counter('tc_register_abort_total'), 1);
    await rejects(h.registrations.abort('reg_unknown', ''), 'REGISTRATION_NOT_FOUND');
    const done = await h.begins.begin(beginInput(worker, { totalSize: 8 }));
    await feed(h.feeds, [chunkFrame(done.registrationId, 1, 0, content(8))]);
    await h.commits.commit(done.registrationId, 1);
    await rejects(
      h.registrations.abort(done.registrationId, ''),
      'PRECONDITION_FAILED',
      /already committed/,
    );
  });

  test('revoke by registration, worker or daemon returns how many open ones it ended', async () => {
    const a = await h.registerWorker();
    const b = await h.registerWorker();
    const ids = [];
    for (const w of [a, a, a, b, b]) ids.push((await h.begins.begin(beginInput(w))).registrationId);
    assert.equal(await h.registrations.revoke({ registrationId: ids[0] }, ''), 1);
    assert.equal(await h.registrations.revoke({ registrationId: ids[0] }, ''), 0, 'already ended');
    assert.equal((await rowOf(h, ids[0])).endReason, 'revoked by an operator');
    assert.equal(await h.registrations.revoke({ workerId: a.workerId }, 'drain'), 2);
    assert.equal(await h.registrations.revoke({ daemonId: b.daemonId }, 'drain'), 2);
    assert.equal(await h.registrations.revoke({ daemonId: 'nobody' }, ''), 0);
    assert.equal(await h.counter('tc_register_revoke_total'), 5);
    assert.deepEqual(await h.pendingGauge(), new Map());
    await rejects(
      h.registrations.revoke({ registrationId: 'reg_unknown' }, ''),
      'REGISTRATION_NOT_FOUND',
    );
    await rejects(
      h.registrations.revoke({}, ''),
      'INVALID_ARGUMENT',
      /^target: one of registration_id, worker_id or daemon_id/,
    );
    await rejects(
      h.registrations.revoke({ workerId: ' ' }, ''),
      'INVALID_ARGUMENT',
      /^worker_id: is required/,
    );
  });

  test('a worker that unregisters or times out has its open registrations revoked', async () => {
    await h.close();
    h = await createHarness({
      heartbeatTimeoutMs: 30_000,
      registrations: { default_ttl: 600_000, max_ttl: 600_000 },
    });
    const leaving = await h.registerWorker();
    const silent = await h.registerWorker();
    const gone = await h.begins.begin(beginInput(leaving));
    const quiet = await h.begins.begin(beginInput(silent));
    await h.workers.unregisterWorker(leaving.workerId);
    await h.writes.flush();
    await h.writes.flush();
    const row = await rowOf(h, gone.registrationId);
    assert.equal(row.state, 'REVOKED');
    assert.equal(row.endReason, 'worker unregistered');
    h.clock.advance(30_001);
    assert.equal(await h.workers.sweepExpired(), 1);
    await h.writes.flush();
    await h.writes.flush();
    assert.equal((await rowOf(h, quiet.registrationId)).endReason, 'worker timed out');
    await rejects(
      h.commits.commit(quiet.registrationId, 1),
      'REGISTRATION_ABORTED',
      /revoked: worker timed out/,
    );
    assert.deepEqual(await h.pendingGauge(), new Map());
  });
});

describe('expiry, listing and restart', () => {
  test('the sweep marks expired registrations durably and releases them', async () => {
    const worker = await h.registerWorker();
    const short = await h.begins.begin(beginInput(worker, { ttlMs: 1000 }));
    const long = await h.begins.begin(beginInput(worker, { ttlMs: 5000 }));
    await feed(h.feeds, [chunkFrame(short.registrationId, 1, 0, content(8))]);
    h.clock.advance(999);
    assert.equal(await h.expiry.sweep(), 0);
    h.clock.advance(1);
    assert.equal(await h.expiry.sweep(), 1);
    assert.equal((await rowOf(h, short.registrationId)).state, 'EXPIRED');
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 0);
    assert.deepEqual(await h.pendingGauge(), new Map([[worker.daemonId, 1]]));
    assert.equal((await rowOf(h, long.registrationId)).state, 'OPEN');
  });

  test('ListRegistrations: open ones, filtered by daemon and worker', async () => {
    const a = await h.registerWorker();
    const b = await h.registerWorker();
    const ra = await h.begins.begin(beginInput(a, { totalSize: 64 }));
    h.clock.advance(10);
    const rb = await h.begins.begin(beginInput(b));
    await feed(h.feeds, [chunkFrame(ra.registrationId, 1, 0, content(8))]);
    const ended = await h.begins.begin(beginInput(a));
    await h.registrations.abort(ended.registrationId, '');
    assert.deepEqual(
      h.registrations.list({}).map((l) => l.registration.id),
      [ra.registrationId, rb.registrationId],
    );
    assert.deepEqual(
      h.registrations.list({ daemonId: a.daemonId }).map((l) => l.registration.id),
      [ra.registrationId],
    );
    assert.deepEqual(
      h.registrations.list({ workerId: b.workerId }).map((l) => l.registration.id),
      [rb.registrationId],
    );
    assert.deepEqual(h.registrations.list({ daemonId: a.daemonId, workerId: b.workerId }), []);
    assert.equal(
      h.registrations.list({ daemonId: a.daemonId })[0].registration.coverage.coveredBytes,
      8,
    );
  });

  test('restart: open registrations come back whole with epoch + 1 and a fresh deadline', async () => {
    await h.close();
    const dir = mkdtempSync(join(tmpdir(), 'tc-reg-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const dbFile = join(dir, 'store.db');
    const first = await createHarness({ dbFile, registrations: { default_ttl: 10_000 } });
    const worker = await first.registerWorker();
    const data = content(64);
    const open = await first.begins.begin(beginInput(worker, { totalSize: 64 }));
    const frames = chunksOf(open.registrationId, 1, data, 16);
    await feed(first.feeds, frames.slice(0, 3));
    const done = await first.begins.begin(beginInput(worker, { totalSize: 16 }));
    await feed(first.feeds, [chunkFrame(done.registrationId, 1, 0, data.subarray(0, 16))]);
    await first.commits.commit(done.registrationId, 1);
    first.clock.advance(9000);
    await first.close();

    h = await createHarness({ dbFile, registrations: { default_ttl: 10_000 } });
    const restored = h.leases.get(open.registrationId);
    assert.ok(restored, 'restored');
    assert.equal(restored.epoch, 2);
    assert.equal(restored.coverage.coveredBytes, 48);
    assert.equal(restored.deadline, h.clock.monotonic() + 10_000, 'fresh deadline');
    assert.equal(h.leases.get(done.registrationId), undefined, 'committed ones stay ended');
    assert.deepEqual(await h.pendingGauge(), new Map([[worker.daemonId, 1]]));
    await rejects(feed(h.feeds, [frames[3]]), 'REGISTRATION_STALE_EPOCH');
    assert.equal((await h.registrations.keepalive(open.registrationId, 4242, undefined)).epoch, 2);
    await feed(h.feeds, chunksOf(open.registrationId, 2, data, 16).slice(3));
    const answer = await h.commits.commit(open.registrationId, 2);
    assert.equal(answer.descriptor.artifactId, expectedArtifactId(data, 16));
    assert.equal(
      (await h.commits.commit(done.registrationId, 1)).existed,
      true,
      'commit replays across a restart',
    );
  });

  test('restart: registrations of a worker that is gone are revoked with the restart reason', async () => {
    await h.close();
    const dir = mkdtempSync(join(tmpdir(), 'tc-reg-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const dbFile = join(dir, 'store.db');
    const first = await createHarness({ dbFile });
    const worker = await first.registerWorker();
    const { registrationId: id } = await first.begins.begin(beginInput(worker));
    await feed(first.feeds, [chunkFrame(id, 1, 0, content(8))]);
    await first.dataSource.manager.update(
      WorkerEntity,
      { workerId: worker.workerId },
      { inactive: true },
    );
    await first.close();

    h = await createHarness({ dbFile });
    const row = await rowOf(h, id);
    assert.equal(row.state, 'REVOKED');
    assert.equal(row.endReason, RESTART_REASON);
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 0);
    assert.equal(h.leases.size, 0);
    assert.equal(await h.counter('tc_register_revoke_total'), 1);
  });
});
