import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { ArtifactEntity, ReplicaEntity } from '../../artifacts/src';
import { DomainError } from '../../common/src';
import { RegistrationEntity } from './registration.entity';
import { Harness, beginInput, chunkFrame, createHarness, feed } from './registrations.harness';

/**
 * Random sequences of begin / feed / keepalive / commit / abort / revoke / sweep / clock
 * moves against the real service (real SQLite, fake clock), checked step by step against a
 * small model, and after every step:
 * - nothing commits after it expired, was aborted or revoked;
 * - a commit is all-or-nothing: artifacts and replicas exist exactly for committed ones;
 * - the pending gauge equals the open registrations, per daemon (memory and disk agree).
 */

const CHUNK = 8;
const DAEMONS = 2;
const MAX_PENDING = 3;

type Action =
  | { kind: 'begin'; daemon: number; chunks: number; ttlMs: number }
  | { kind: 'feed'; reg: number; chunk: number }
  | { kind: 'keepalive'; reg: number }
  | { kind: 'commit'; reg: number }
  | { kind: 'abort'; reg: number }
  | { kind: 'revoke'; reg: number }
  | { kind: 'revokeDaemon'; daemon: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'sweep' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('begin' as const),
      daemon: fc.nat(DAEMONS - 1),
      chunks: fc.integer({ min: 1, max: 3 }),
      ttlMs: fc.constantFrom(1000, 3000),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('feed' as const), reg: fc.nat(7), chunk: fc.nat(2) }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('keepalive' as const), reg: fc.nat(7) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('commit' as const), reg: fc.nat(7) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('abort' as const), reg: fc.nat(7) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('revoke' as const), reg: fc.nat(7) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('revokeDaemon' as const),
      daemon: fc.nat(DAEMONS - 1),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 2500 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'sweep' as const }), weight: 1 },
);

type ModelState = 'open' | 'committed' | 'aborted' | 'revoked' | 'expired';

interface ModelRegistration {
  id: string;
  daemon: number;
  chunks: number;
  ttlMs: number;
  deadline: number;
  state: ModelState;
  covered: Set<number>;
  data: Buffer;
}

class Model {
  readonly regs: ModelRegistration[] = [];
  now = 0;

  /** An open registration past its deadline is expired as soon as anything looks at it. */
  look(reg: ModelRegistration): ModelState {
    if (reg.state === 'open' && reg.deadline <= this.now) reg.state = 'expired';
    return reg.state;
  }

  open(daemon: number): ModelRegistration[] {
    return this.regs.filter((r) => r.daemon === daemon && r.state === 'open');
  }
}

const ERROR_OF: Record<Exclude<ModelState, 'open'>, string> = {
  committed: 'PRECONDITION_FAILED',
  aborted: 'REGISTRATION_ABORTED',
  revoked: 'REGISTRATION_ABORTED',
  expired: 'REGISTRATION_EXPIRED',
};

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

async function step(
  h: Harness,
  m: Model,
  a: Action,
  workers: { workerId: string; daemonId: string }[],
): Promise<void> {
  const reg = 'reg' in a ? m.regs[a.reg % Math.max(1, m.regs.length)] : undefined;
  switch (a.kind) {
    case 'begin': {
      // Distinct contents, or two commits are one artifact: the registration's number goes in
      // the first bytes (a text label would be cut to the same first CHUNK bytes every time).
      const data = Buffer.alloc(a.chunks * CHUNK, m.regs.length + 1);
      data.writeUInt32BE(m.regs.length + 1, 0);
      const full = m.open(a.daemon).length >= MAX_PENDING;
      try {
        const begun = await h.begins.begin(
          beginInput(workers[a.daemon], { totalSize: data.length, ttlMs: a.ttlMs }),
        );
        assert.ok(!full, 'begin beyond max_pending_per_daemon must fail');
        m.regs.push({
          id: begun.registrationId,
          daemon: a.daemon,
          chunks: a.chunks,
          ttlMs: a.ttlMs,
          deadline: m.now + a.ttlMs,
          state: 'open',
          covered: new Set(),
          data,
        });
      } catch (error) {
        assert.ok(
          full && error instanceof DomainError && error.code === 'TOO_MANY_PENDING',
          String(error),
        );
      }
      return;
    }
    case 'feed': {
      if (!reg) return;
      const chunk = a.chunk % reg.chunks;
      const bytes = reg.data.subarray(chunk * CHUNK, (chunk + 1) * CHUNK);
      const got = await outcome(feed(h.feeds, [chunkFrame(reg.id, 1, chunk * CHUNK, bytes)]));
      const state = m.look(reg);
      if (state === 'open') {
        assert.equal(got, 'ok');
        reg.covered.add(chunk);
        reg.deadline = m.now + reg.ttlMs;
      } else assert.equal(got, ERROR_OF[state]);
      return;
    }
    case 'keepalive': {
      if (!reg) return;
      const got = await outcome(h.registrations.keepalive(reg.id, 4242, undefined));
      const state = m.look(reg);
      if (state === 'open') {
        assert.equal(got, 'ok');
        reg.deadline = m.now + reg.ttlMs;
      } else assert.equal(got, ERROR_OF[state]);
      return;
    }
    case 'commit': {
      if (!reg) return;
      const got = await outcome(h.commits.commit(reg.id, 1));
      const state = m.look(reg);
      if (state === 'committed') assert.equal(got, 'ok', 'a repeated commit replays');
      else if (state !== 'open') assert.equal(got, ERROR_OF[state], `commit after ${state}`);
      else if (reg.covered.size < reg.chunks) assert.equal(got, 'REGISTRATION_INCOMPLETE');
      else {
        assert.equal(got, 'ok');
        reg.state = 'committed';
      }
      return;
    }
    case 'abort': {
      if (!reg) return;
      const got = await outcome(h.registrations.abort(reg.id, 'property'));
      const state = m.look(reg);
      if (state === 'committed') assert.equal(got, 'PRECONDITION_FAILED');
      else {
        assert.equal(got, 'ok');
        if (state === 'open') reg.state = 'aborted';
      }
      return;
    }
    case 'revoke': {
      if (!reg) return;
      const revoked = await h.registrations.revoke({ registrationId: reg.id }, 'property');
      // Revoke does not judge the deadline: whatever is still open on disk is ended.
      assert.equal(revoked, reg.state === 'open' ? 1 : 0);
      if (reg.state === 'open') reg.state = 'revoked';
      return;
    }
    case 'revokeDaemon': {
      const open = m.open(a.daemon);
      assert.equal(
        await h.registrations.revoke({ daemonId: workers[a.daemon].daemonId }, 'property'),
        open.length,
      );
      for (const r of open) r.state = 'revoked';
      return;
    }
    case 'advance':
      h.clock.advance(a.ms);
      m.now += a.ms;
      return;
    case 'sweep': {
      await h.expiry.sweep();
      for (const r of m.regs) m.look(r);
      return;
    }
  }
}

async function checkInvariants(
  h: Harness,
  m: Model,
  workers: { daemonId: string }[],
): Promise<void> {
  const rows = await h.dataSource.manager.find(RegistrationEntity);
  const byId = new Map(rows.map((r) => [r.registrationId, r]));
  const committed = m.regs.filter((r) => r.state === 'committed');
  for (const r of m.regs) {
    const row = byId.get(r.id);
    assert.ok(row);
    // A committed registration on disk is one the model allowed to commit, and vice versa.
    assert.equal(
      row.state === 'COMMITTED',
      r.state === 'committed',
      `${r.id}: ${row.state} vs model ${r.state}`,
    );
    if (r.state === 'aborted' || r.state === 'revoked')
      assert.equal(row.state, r.state.toUpperCase());
  }
  // All-or-nothing: one artifact and one replica per committed registration (contents are
  // distinct), none for anything else.
  assert.equal(await h.dataSource.manager.count(ArtifactEntity), committed.length);
  assert.equal(await h.dataSource.manager.count(ReplicaEntity), committed.length);
  const gauge = await h.pendingGauge();
  for (const [i, w] of workers.entries()) {
    const openOnDisk = rows.filter((r) => r.daemonId === w.daemonId && r.state === 'OPEN').length;
    assert.equal(gauge.get(w.daemonId) ?? 0, openOnDisk, 'gauge = open registrations on disk');
    assert.equal(h.leases.openOfDaemon(w.daemonId), openOnDisk, 'memory = disk');
    const modelOpen = m.regs.filter((r) => r.daemon === i && r.state === 'open').length;
    assert.equal(openOnDisk, modelOpen, 'disk = model');
  }
}

test('lease invariants hold over random sequences of operations', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 40 }), async (actions) => {
      const h = await createHarness({
        registrations: { max_pending_per_daemon: MAX_PENDING, default_ttl: 3000, max_ttl: 3000 },
      });
      try {
        const workers = [];
        for (let i = 0; i < DAEMONS; i++) workers.push(await h.registerWorker());
        const m = new Model();
        for (const a of actions) {
          await step(h, m, a, workers);
          await checkInvariants(h, m, workers);
        }
      } finally {
        await h.close();
      }
    }),
    { numRuns: 40 },
  );
});
