import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { DomainError, DomainErrorCode, ManualClock } from '../../common/src';
import { MemoryTierLeaseEntity } from './memory-tier-lease.entity';
import { Harness, ackInput, createHarness, leaseRequest } from './memory-tier.harness';
import { nsFromMs } from './nanos';

async function rejects(
  promise: Promise<unknown> | (() => unknown),
  code: DomainErrorCode,
  field?: string,
): Promise<DomainError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    if (field !== undefined) {
      assert.equal(error.field, field);
      assert.ok(error.message.startsWith(`${field}:`), error.message);
    }
    return error;
  }
  assert.fail(`expected ${code}`);
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('MemoryTierService (leases)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function dbRow(leaseId: string): Promise<MemoryTierLeaseEntity | null> {
    return h.dataSource.manager.findOneBy(MemoryTierLeaseEntity, { leaseId });
  }

  test('rejects bad input with INVALID_ARGUMENT naming the field', async () => {
    h = await createHarness();
    const s = h.leases;
    await rejects(s.requestLease(leaseRequest({ nodeId: ' ' })), 'INVALID_ARGUMENT', 'node_id');
    await rejects(
      s.requestLease(leaseRequest({ artifactId: '' })),
      'INVALID_ARGUMENT',
      'artifact_id',
    );
    await rejects(
      s.requestLease(leaseRequest({ chunkIds: [], chunkRange: { start: 4, count: 0 } })),
      'INVALID_ARGUMENT',
      'chunk_ids',
    );
    await rejects(s.requestLease(leaseRequest({ kind: 7 })), 'INVALID_ARGUMENT', 'kind');
    await rejects(
      s.requestLease(leaseRequest({ issuedAtNs: '9223372036854775808' })),
      'INVALID_ARGUMENT',
      'issued_at_ns',
    );
    await rejects(
      s.requestLease(leaseRequest({ chunkRange: { start: 4294967295, count: 2 } })),
      'INVALID_ARGUMENT',
      'chunk_range',
    );
    const { leaseId } = await s.requestLease(leaseRequest());
    await rejects(
      s.acknowledgeLease(ackInput(leaseId, 'LEASE_ACK_ACTION_UNSPECIFIED')),
      'INVALID_ARGUMENT',
      'action',
    );
    await rejects(
      s.acknowledgeLease(ackInput(leaseId, 'LEASE_ACK_ACTION_ACQUIRED', { artifactId: '' })),
      'INVALID_ARGUMENT',
      'artifact_id',
    );
    await rejects(
      s.acknowledgeLease(ackInput(leaseId, 'LEASE_ACK_ACTION_ACQUIRED', { chunkIds: [] })),
      'INVALID_ARGUMENT',
      'chunk_ids',
    );
    await rejects(
      s.acknowledgeLease(ackInput('', 'LEASE_ACK_ACTION_ACQUIRED')),
      'INVALID_ARGUMENT',
      'lease_id',
    );
    await rejects(s.revokeLease('', 'x'), 'INVALID_ARGUMENT', 'lease_id');
    await rejects(
      () => s.listLeases('node-a', ['LEASE_STATE_ACTIVE', 9]),
      'INVALID_ARGUMENT',
      'states[1]',
    );
  });

  test('a new lease: PENDING, 32-hex uuid4, generated request_id, defaults, expiry, durable', async () => {
    h = await createHarness({ memoryTier: { pending_lease_ttl: 2 * HOUR } });
    const nowNs = nsFromMs(h.clock.now());
    const lease = await h.leases.requestLease(
      leaseRequest({ kind: 'LEASE_KIND_UNSPECIFIED', workloadId: '' }),
    );
    assert.match(lease.leaseId, /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    assert.equal(lease.state, 'PENDING');
    assert.equal(lease.kind, 'STABLE');
    assert.equal(lease.workloadId, 'default');
    assert.equal(lease.ackEpochNs, 0n);
    assert.equal(lease.issuedAtNs, nowNs);
    assert.equal(lease.expiresAtNs, nowNs + nsFromMs(2 * HOUR));
    assert.equal(lease.requestId, `mt_req_${nowNs}`);
    const row = await dbRow(lease.leaseId);
    assert.equal(row?.state, 'PENDING');
    assert.equal(row?.issuedAtNs, nowNs);
    assert.deepEqual(row?.chunkIds, [0, 1, 2]);

    const issued = 1_700_000_000_123_456_789n;
    const given = await h.leases.requestLease(
      leaseRequest({
        issuedAtNs: issued.toString(),
        requestId: 'r-1',
        kind: 'LEASE_KIND_PREEMPTIBLE',
      }),
    );
    assert.equal(given.issuedAtNs, issued);
    assert.equal(given.expiresAtNs, issued + nsFromMs(2 * HOUR));
    assert.equal(given.kind, 'PREEMPTIBLE');
    assert.equal(given.requestId, 'r-1');
    assert.equal(
      (await dbRow(given.leaseId))?.issuedAtNs,
      issued,
      'ns survive the database exactly',
    );
  });

  test('a known (node_id, request_id) returns that lease unchanged, whatever the payload or state', async () => {
    h = await createHarness();
    const first = await h.leases.requestLease(leaseRequest({ requestId: 'req-1' }));
    const replay = await h.leases.requestLease(
      leaseRequest({ requestId: 'req-1', artifactId: 'mi2:other', chunkIds: [9], bytes: '1' }),
    );
    assert.equal(replay, first);
    await h.leases.acknowledgeLease(ackInput(first.leaseId, 'LEASE_ACK_ACTION_RELEASED'));
    const afterRelease = await h.leases.requestLease(leaseRequest({ requestId: 'req-1' }));
    assert.equal(afterRelease.leaseId, first.leaseId);
    assert.equal(afterRelease.state, 'EXPIRED');
    const otherNode = await h.leases.requestLease(
      leaseRequest({ requestId: 'req-1', nodeId: 'node-b' }),
    );
    assert.notEqual(otherNode.leaseId, first.leaseId, 'request ids are scoped to the node');
  });

  test('without request_id an equal PENDING lease is returned, else a new one', async () => {
    h = await createHarness();
    const first = await h.leases.requestLease(leaseRequest());
    h.clock.advance(5);
    assert.equal((await h.leases.requestLease(leaseRequest())).leaseId, first.leaseId);
    const differing: Partial<Parameters<typeof leaseRequest>[0]>[] = [
      { chunkIds: [0, 1] },
      { bytes: '1' },
      { workloadId: 'task-2' },
      { kind: 'LEASE_KIND_PREEMPTIBLE' },
      { artifactId: 'mi2:artifact-2' },
      { nodeId: 'node-b' },
      { chunkRange: { start: 0, count: 3 } },
    ];
    const ids = new Set([first.leaseId]);
    for (const change of differing) {
      const lease = await h.leases.requestLease(leaseRequest(change));
      assert.ok(!ids.has(lease.leaseId), `a new lease for ${JSON.stringify(change)}`);
      ids.add(lease.leaseId);
    }
    // An acquired lease is no longer PENDING: the next equal request gets a new one.
    await h.leases.acknowledgeLease(ackInput(first.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    const next = await h.leases.requestLease(leaseRequest());
    assert.ok(!ids.has(next.leaseId));
    assert.notEqual(next.requestId, first.requestId, 'generated request ids never repeat');
  });

  test('concurrent equal requests create one lease (same request_id, and without one)', async () => {
    h = await createHarness();
    const withId = await Promise.all(
      Array.from({ length: 8 }, () => h.leases.requestLease(leaseRequest({ requestId: 'same' }))),
    );
    assert.equal(new Set(withId.map((l) => l.leaseId)).size, 1);
    const without = await Promise.all(
      Array.from({ length: 8 }, () => h.leases.requestLease(leaseRequest({ bytes: '5' }))),
    );
    assert.equal(new Set(without.map((l) => l.leaseId)).size, 1);
    assert.equal(await h.dataSource.manager.count(MemoryTierLeaseEntity), 2);
  });

  test('ACQUIRED → ACTIVE and RELEASED → EXPIRED, copying what the ack carries', async () => {
    h = await createHarness();
    const lease = await h.leases.requestLease(leaseRequest({ requestId: 'r' }));
    h.clock.advance(1000);
    const active = await h.leases.acknowledgeLease(
      ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED', {
        nodeId: 'some-other-node',
        chunkIds: [5, 6],
        chunkRange: { start: 5, count: 2 },
        ledgerVersion: '18446744073709551615',
        bytes: '2048',
        requestId: 'r-ack',
      }),
    );
    assert.equal(active.state, 'ACTIVE');
    assert.deepEqual(active.chunkIds, [5, 6]);
    assert.deepEqual([active.chunkRangeStart, active.chunkRangeCount], [5, 2]);
    assert.equal(active.ledgerVersion, '18446744073709551615');
    assert.equal(active.bytes, '2048');
    assert.equal(active.requestId, 'r-ack');
    assert.equal(active.nodeId, 'node-a', 'node_id of the ack is not checked nor copied');
    assert.equal(active.ackEpochNs, nsFromMs(h.clock.now()));
    assert.equal((await dbRow(lease.leaseId))?.ledgerVersion, '18446744073709551615');
    assert.equal(
      (await h.leases.requestLease(leaseRequest({ requestId: 'r-ack' }))).leaseId,
      lease.leaseId,
    );

    const released = await h.leases.acknowledgeLease(
      ackInput(lease.leaseId, 'LEASE_ACK_ACTION_RELEASED', { ackEpochNs: '123' }),
    );
    assert.equal(released.state, 'EXPIRED');
    assert.equal(released.ackEpochNs, 123n);
    assert.equal((await dbRow(lease.leaseId))?.state, 'EXPIRED');
    // RELEASED on EXPIRED is a no-op; ACQUIRED on a released lease is refused.
    const again = await h.leases.acknowledgeLease(
      ackInput(lease.leaseId, 'LEASE_ACK_ACTION_RELEASED', { ackEpochNs: '999' }),
    );
    assert.equal(again, released);
    await rejects(
      h.leases.acknowledgeLease(ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED')),
      'PRECONDITION_FAILED',
      'lease_id',
    );
  });

  test('ack: unknown lease or another artifact → NOT_FOUND; a request_id of another lease → INVALID_ARGUMENT', async () => {
    h = await createHarness();
    const lease = await h.leases.requestLease(leaseRequest({ requestId: 'a' }));
    await h.leases.requestLease(leaseRequest({ requestId: 'b', bytes: '9' }));
    await rejects(
      h.leases.acknowledgeLease(ackInput('f'.repeat(32), 'LEASE_ACK_ACTION_ACQUIRED')),
      'MEMORY_TIER_LEASE_NOT_FOUND',
      'lease_id',
    );
    await rejects(
      h.leases.acknowledgeLease(
        ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED', { artifactId: 'mi2:other' }),
      ),
      'MEMORY_TIER_LEASE_NOT_FOUND',
    );
    await rejects(
      h.leases.acknowledgeLease(
        ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED', { requestId: 'b' }),
      ),
      'INVALID_ARGUMENT',
      'request_id',
    );
    assert.equal(h.leases.leases.get(lease.leaseId)?.state, 'PENDING');
  });

  test('revoke → REVOKING; ACQUIRED leaves it alone; RELEASED ends it; EXPIRED stays; unknown → NOT_FOUND', async () => {
    h = await createHarness();
    const lease = await h.leases.requestLease(leaseRequest());
    await h.leases.acknowledgeLease(ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    const revoking = await h.leases.revokeLease(lease.leaseId, 'operator');
    assert.equal(revoking.state, 'REVOKING');
    assert.equal((await dbRow(lease.leaseId))?.state, 'REVOKING');
    const untouched = await h.leases.acknowledgeLease(
      ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED', { bytes: '1' }),
    );
    assert.equal(untouched, revoking);
    const released = await h.leases.acknowledgeLease(
      ackInput(lease.leaseId, 'LEASE_ACK_ACTION_RELEASED'),
    );
    assert.equal(released.state, 'EXPIRED');
    assert.equal((await h.leases.revokeLease(lease.leaseId, '')).state, 'EXPIRED');
    await rejects(h.leases.revokeLease('0'.repeat(32), ''), 'MEMORY_TIER_LEASE_NOT_FOUND');
  });

  test('ListOutstandingLeases: default states, UNSPECIFIED = PENDING, exact node, all nodes, newest first', async () => {
    h = await createHarness();
    const old = await h.leases.requestLease(leaseRequest({ requestId: 'old', issuedAtNs: '100' }));
    const mid = await h.leases.requestLease(leaseRequest({ requestId: 'mid', issuedAtNs: '200' }));
    const fresh = await h.leases.requestLease(
      leaseRequest({ requestId: 'new', issuedAtNs: '300' }),
    );
    const gone = await h.leases.requestLease(
      leaseRequest({ requestId: 'gone', issuedAtNs: '400' }),
    );
    const other = await h.leases.requestLease(leaseRequest({ requestId: 'x', nodeId: 'node-a2' }));
    await h.leases.acknowledgeLease(ackInput(mid.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    await h.leases.revokeLease(old.leaseId, '');
    await h.leases.acknowledgeLease(ackInput(gone.leaseId, 'LEASE_ACK_ACTION_RELEASED'));
    const ids = (leases: MemoryTierLeaseEntity[]) => leases.map((l) => l.leaseId);

    assert.deepEqual(ids(h.leases.listLeases('node-a', [])), [
      fresh.leaseId,
      mid.leaseId,
      old.leaseId,
    ]);
    assert.deepEqual(ids(h.leases.listLeases('node-a', ['LEASE_STATE_UNSPECIFIED'])), [
      fresh.leaseId,
    ]);
    assert.deepEqual(ids(h.leases.listLeases('node-a', ['LEASE_STATE_EXPIRED'])), [gone.leaseId]);
    assert.deepEqual(ids(h.leases.listLeases('node', [])), [], 'node_id matches exactly');
    assert.deepEqual(
      new Set(ids(h.leases.listLeases('', []))),
      new Set([fresh.leaseId, mid.leaseId, old.leaseId, other.leaseId]),
    );
    assert.deepEqual(
      await h.metric('tc_memory_tier_leases'),
      new Map([
        ['state=PENDING', 2],
        ['state=ACTIVE', 1],
        ['state=REVOKING', 1],
        ['state=EXPIRED', 1],
      ]),
    );
  });

  test('PENDING expires at expires_at_ns; ACQUIRED revives it; EXPIRED is deleted after lease_retention', async () => {
    h = await createHarness({ memoryTier: { pending_lease_ttl: HOUR, lease_retention: DAY } });
    const a = await h.leases.requestLease(leaseRequest({ requestId: 'a' }));
    const b = await h.leases.requestLease(leaseRequest({ requestId: 'b' }));
    const c = await h.leases.requestLease(leaseRequest({ requestId: 'c' }));
    await h.leases.acknowledgeLease(ackInput(c.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    h.clock.advance(HOUR - 1);
    await h.leases.sweep();
    assert.equal(h.leases.leases.get(a.leaseId)?.state, 'PENDING');
    h.clock.advance(1);
    await h.leases.sweep();
    assert.equal(h.leases.leases.get(a.leaseId)?.state, 'EXPIRED');
    assert.equal((await dbRow(a.leaseId))?.state, 'EXPIRED');
    assert.equal((await dbRow(a.leaseId))?.endReason, 'pending_ttl');
    assert.equal(h.leases.leases.get(c.leaseId)?.state, 'ACTIVE', 'ACTIVE never expires by time');
    // An equal request no longer matches the expired lease.
    assert.notEqual((await h.leases.requestLease(leaseRequest())).leaseId, a.leaseId);

    const revived = await h.leases.acknowledgeLease(
      ackInput(a.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'),
    );
    assert.equal(revived.state, 'ACTIVE');
    h.clock.advance(DAY - 1);
    await h.leases.sweep();
    assert.ok(h.leases.leases.get(b.leaseId), 'kept until lease_retention has passed');
    h.clock.advance(1);
    await h.leases.sweep();
    assert.equal(h.leases.leases.get(b.leaseId), undefined);
    assert.equal(await dbRow(b.leaseId), null);
    assert.equal(h.leases.leases.get(a.leaseId)?.state, 'ACTIVE', 'the revived lease stays');
    // Its request_id is free again once the lease is gone.
    assert.notEqual(
      (await h.leases.requestLease(leaseRequest({ requestId: 'b' }))).leaseId,
      b.leaseId,
    );
  });

  test("ACTIVE and REVOKING leases end when the node's last worker unregisters, not before", async () => {
    h = await createHarness();
    const w1 = await h.registerWorker('node-a');
    const w2 = await h.registerWorker('node-a');
    const active = await h.leases.requestLease(leaseRequest({ requestId: 'act' }));
    await h.leases.acknowledgeLease(ackInput(active.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    const revoking = await h.leases.requestLease(leaseRequest({ requestId: 'rev' }));
    await h.leases.revokeLease(revoking.leaseId, '');
    const pending = await h.leases.requestLease(leaseRequest({ requestId: 'pen' }));
    const elsewhere = await h.leases.requestLease(
      leaseRequest({ requestId: 'b', nodeId: 'node-b' }),
    );
    await h.leases.acknowledgeLease(ackInput(elsewhere.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));

    await h.workers.unregisterWorker(w1);
    await h.leases.sweep();
    assert.equal(h.leases.leases.get(active.leaseId)?.state, 'ACTIVE', 'another worker remains');

    await h.workers.unregisterWorker(w2);
    await h.leases.sweep();
    assert.equal(h.leases.leases.get(active.leaseId)?.state, 'EXPIRED');
    assert.equal(h.leases.leases.get(revoking.leaseId)?.state, 'EXPIRED');
    assert.equal((await dbRow(active.leaseId))?.endReason, 'node_gone');
    assert.equal(h.leases.leases.get(pending.leaseId)?.state, 'PENDING', 'PENDING keeps its TTL');
    assert.equal(h.leases.leases.get(elsewhere.leaseId)?.state, 'ACTIVE');
    await rejects(
      h.leases.acknowledgeLease(ackInput(active.leaseId, 'LEASE_ACK_ACTION_ACQUIRED')),
      'PRECONDITION_FAILED',
    );
    assert.deepEqual(
      await h.metric('tc_memory_tier_lease_expirations_total'),
      new Map([['reason=node_gone', 2]]),
    );
  });

  test("a worker timing out ends its node's held leases too", async () => {
    h = await createHarness();
    await h.registerWorker('node-t');
    const lease = await h.leases.requestLease(leaseRequest({ nodeId: 'node-t' }));
    await h.leases.acknowledgeLease(ackInput(lease.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    h.clock.advance(31_000);
    assert.equal(await h.workers.sweepExpired(), 1);
    await h.leases.sweep();
    assert.equal(h.leases.leases.get(lease.leaseId)?.state, 'EXPIRED');
  });
});

describe('MemoryTierService recovery', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('leases come back as committed; held leases of a node without active workers end', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mt-recover-'));
    const dbFile = join(dir, 'gs.db');
    const clock = new ManualClock();
    let h = await createHarness({ dbFile, clock });
    const kept = await h.registerWorker('node-live');
    void kept;
    const gone = await h.registerWorker('node-gone');
    const live = await h.leases.requestLease(leaseRequest({ nodeId: 'node-live', requestId: 'l' }));
    await h.leases.acknowledgeLease(ackInput(live.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    const orphan = await h.leases.requestLease(
      leaseRequest({ nodeId: 'node-gone', requestId: 'g' }),
    );
    await h.leases.acknowledgeLease(ackInput(orphan.leaseId, 'LEASE_ACK_ACTION_ACQUIRED'));
    const pending = await h.leases.requestLease(leaseRequest({ nodeId: 'node-x' }));
    // The worker leaves but the lease expiry is lost (as if the process died right then).
    h.leases.onModuleDestroy();
    (h.workers as unknown as { listeners: unknown[] }).listeners.length = 0;
    await h.workers.unregisterWorker(gone);
    await h.close();

    h = await createHarness({ dbFile, clock });
    try {
      assert.equal(h.leases.leases.get(live.leaseId)?.state, 'ACTIVE');
      assert.equal(h.leases.leases.get(orphan.leaseId)?.state, 'EXPIRED');
      assert.equal(h.leases.leases.get(orphan.leaseId)?.endReason, 'node_gone');
      const back = h.leases.leases.get(pending.leaseId);
      assert.equal(back?.state, 'PENDING');
      assert.equal(back?.expiresAtNs, pending.expiresAtNs);
      assert.deepEqual(back?.chunkIds, pending.chunkIds);
      // Replays and generated request ids carry on across the restart.
      assert.equal(
        (await h.leases.requestLease(leaseRequest({ nodeId: 'node-live', requestId: 'l' })))
          .leaseId,
        live.leaseId,
      );
      const next = await h.leases.requestLease(leaseRequest({ nodeId: 'node-x', bytes: '1' }));
      assert.notEqual(next.requestId, pending.requestId);
    } finally {
      await h.close();
    }
  });
});
