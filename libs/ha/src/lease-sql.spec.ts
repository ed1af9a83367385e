import assert from 'node:assert/strict';
import { testDrivers } from '../../persistence/src/test-databases.harness';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'pg';
import { createLeaseTable, createTestDatabase } from './ha-test-database.harness';
import { proveLease, readLease, releaseLease, renewLease, tryAcquireLease } from './lease-sql';

describe(
  'the leader lease on PostgreSQL (real database)',
  { skip: !testDrivers().includes('postgres') },
  () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let a: Client;
    let b: Client;

    before(async () => {
      db = await createTestDatabase('lease');
      a = await db.client();
      b = await db.client({ lock_timeout: 300 });
      await createLeaseTable(a);
    });
    after(async () => db.drop());

    it('one holder at a time; epochs only grow; expiry is judged by the database', async () => {
      const first = await tryAcquireLease(a, 'gs-a', 'a:1', 400);
      assert.equal(first?.epoch, 1);
      assert.equal(await tryAcquireLease(b, 'gs-b', 'b:1', 400), undefined);
      const seen = await readLease(b);
      assert.equal(seen?.holder, 'gs-a');
      assert.equal(seen?.leaderAddress, 'a:1');
      assert.ok(seen !== undefined && seen.expiresAtMs > seen.nowMs);

      assert.equal((await renewLease(a, 'gs-a', 1, 400))?.epoch, 1);
      assert.equal(await renewLease(a, 'gs-a', 2, 400), undefined, 'a wrong epoch renews nothing');
      assert.equal(await renewLease(b, 'gs-b', 1, 400), undefined, 'another holder renews nothing');

      await sleep(600);
      const second = await tryAcquireLease(b, 'gs-b', 'b:1', 60_000);
      assert.equal(second?.epoch, 2, 'the takeover bumps the epoch');
      assert.equal(await renewLease(a, 'gs-a', 1, 400), undefined, 'the old leader cannot renew');
      assert.equal((await readLease(a))?.holder, 'gs-b');
    });

    it('a deposed leader cannot prove its lease inside its write transaction', async () => {
      await a.query('BEGIN');
      try {
        assert.equal(await proveLease(a, 'gs-a', 1, 5000), false);
      } finally {
        await a.query('ROLLBACK');
      }
      await b.query('BEGIN');
      try {
        assert.equal(await proveLease(b, 'gs-b', 2, 5000), true);
      } finally {
        await b.query('COMMIT');
      }
    });

    it("a takeover waits for the leader's proven transaction: it commits first or not at all", async () => {
      await releaseLease(b, 'gs-b', 2);
      const led = await tryAcquireLease(a, 'gs-a', 'a:1', 300);
      assert.equal(led?.epoch, 3);
      await a.query('BEGIN');
      assert.equal(await proveLease(a, 'gs-a', 3, 5000), true);
      await sleep(500); // the lease has expired by the database's clock, the row is still locked
      await assert.rejects(
        tryAcquireLease(b, 'gs-b', 'b:1', 60_000),
        /lock timeout/,
        'the takeover must not overtake the open, proven transaction',
      );
      await a.query('COMMIT');
      assert.equal((await tryAcquireLease(b, 'gs-b', 'b:1', 60_000))?.epoch, 4);
    });

    it('a restarted instance may reclaim its own live lease at once, with a new epoch', async () => {
      const live = await tryAcquireLease(b, 'gs-b', 'b:1', 60_000);
      assert.equal(live, undefined, 'gs-b is still held by epoch 4 and not reclaimed by default');
      assert.equal(await tryAcquireLease(a, 'gs-a', 'a:1', 60_000, true), undefined);
      const reclaimed = await tryAcquireLease(b, 'gs-b', 'b:2', 60_000, true);
      assert.equal(reclaimed?.epoch, 5);
      assert.equal(await renewLease(b, 'gs-b', 4, 60_000), undefined, 'the old epoch is fenced');
      await releaseLease(b, 'gs-b', 5);
      assert.equal((await tryAcquireLease(b, 'gs-b', 'b:1', 60_000))?.epoch, 6);
    });

    it('release hands the lease over at once', async () => {
      await releaseLease(b, 'gs-b', 6);
      assert.equal((await tryAcquireLease(a, 'gs-a', 'a:1', 60_000))?.epoch, 7);
    });

    it("proving the lease bounds the connection's idle transactions (a paused leader's lock)", async () => {
      const c = await db.client();
      await c.query('BEGIN');
      assert.equal(await proveLease(c, 'gs-a', 7, 300), true);
      await c.query('COMMIT');
      await c.query('BEGIN');
      await c.query('SELECT 1');
      await sleep(1000); // "paused" with a transaction open, longer than the timeout
      await assert.rejects(c.query('COMMIT'), /idle-in-transaction|terminat|Connection/i);
    });
  },
);
