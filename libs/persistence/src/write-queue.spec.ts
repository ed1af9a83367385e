import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { DataSource } from 'typeorm';
import {
  CommittedGroupSample,
  GroupParticipant,
  WriteQueue,
  WriteQueueClosedError,
} from './write-queue';

let dataSource: DataSource;

before(async () => {
  dataSource = new DataSource({ type: 'sqlite', database: ':memory:' });
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE t (id integer PRIMARY KEY, v text NOT NULL)');
});

after(async () => {
  await dataSource.destroy();
});

async function count(): Promise<number> {
  const rows: { n: number }[] = await dataSource.query('SELECT COUNT(*) AS n FROM t');
  return rows[0].n;
}

test('concurrent writes are grouped into one transaction and all answered after commit', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      queue.run(async (tx) => {
        await tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, `v${i}`]);
        return i;
      }),
    ),
  );
  assert.deepEqual(
    results,
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.equal(await count(), 50);
  assert.equal(queue.stats.writes, 50);
  assert.ok(
    queue.stats.transactions <= 2,
    `50 writes took ${queue.stats.transactions} transactions`,
  );
});

test('each committed group reports its size, its commit time and every write latency', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 16 });
  const samples: CommittedGroupSample[] = [];
  queue.onGroupCommitted((sample) => samples.push(sample));
  const started = performance.now();
  await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) =>
      queue.run(async (tx) => {
        await tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'x']);
        if (i === 7) throw new Error('rolled back alone, still in the group');
      }),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  assert.equal(samples.length, queue.stats.transactions);
  assert.deepEqual(
    samples.map((sample) => sample.size),
    [16, 16, 8],
  );
  for (const sample of samples) {
    assert.equal(sample.writeSeconds.length, sample.size);
    assert.ok(sample.commitSeconds > 0 && sample.commitSeconds <= elapsed);
    for (const seconds of sample.writeSeconds) {
      assert.ok(seconds >= sample.commitSeconds && seconds <= elapsed, `${seconds}`);
    }
  }
  // Writes of the last group waited for the first two to commit.
  assert.ok(Math.min(...samples[2].writeSeconds) >= samples[0].commitSeconds);
});

test('without grouping every write is its own transaction', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: false, maxGroupSize: 64 });
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      queue.run((tx) => tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'x'])),
    ),
  );
  assert.equal(queue.stats.transactions, 10);
});

test('a failing write is rolled back alone; its group still commits', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const outcomes = await Promise.allSettled([
    queue.run((tx) => tx.manager.query('INSERT INTO t (id, v) VALUES (1, ?)', ['a'])),
    queue.run(async (tx) => {
      await tx.manager.query('INSERT INTO t (id, v) VALUES (2, ?)', ['half-written']);
      throw new Error('rule violated');
    }),
    queue.run((tx) => tx.manager.query('INSERT INTO t (id, v) VALUES (3, ?)', ['c'])),
  ]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  const rows: { id: number }[] = await dataSource.query('SELECT id FROM t ORDER BY id');
  assert.deepEqual(
    rows.map((r) => r.id),
    [1, 3],
    'the failed write left nothing behind',
  );
});

test('afterCommit hooks run only for writes that committed', async () => {
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const ran: string[] = [];
  await Promise.allSettled([
    queue.run(async (tx) => {
      tx.afterCommit(() => ran.push('ok'));
    }),
    queue.run(async (tx) => {
      tx.afterCommit(() => ran.push('failed'));
      throw new Error('no');
    }),
  ]);
  assert.deepEqual(ran, ['ok']);
});

test('readCommitted never sees a group that has not committed; a plain read on the connection does', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  let inside!: () => void;
  const written = new Promise<void>((resolve) => (inside = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const write = queue.run(async (tx) => {
    await tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [77, 'open']);
    inside();
    await held;
  });
  await written;
  // The reproducer: the shared connection answers with the open transaction's row.
  const dirty = await dataSource.query('SELECT id FROM t');
  assert.deepEqual(dirty, [{ id: 77 }]);
  let readDone = false;
  const committed = queue
    .readCommitted((manager) => manager.query('SELECT id FROM t'))
    .then((rows) => {
      readDone = true;
      return rows;
    });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(readDone, false, 'the read waits for the group');
  release();
  await write;
  assert.deepEqual(await committed, [{ id: 77 }]);
});

test('close() drains queued writes and refuses new ones', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 4 });
  const pending = Array.from({ length: 10 }, (_, i) =>
    queue.run((tx) => tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'x'])),
  );
  await queue.close();
  await Promise.all(pending);
  assert.equal(await count(), 10);
  await assert.rejects(
    queue.run(async () => undefined),
    WriteQueueClosedError,
  );
});

test('a group participant stages per group: one flush before COMMIT, published before the writes hear', async () => {
  await dataSource.query('DELETE FROM t');
  const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const events: string[] = [];
  const published: number[][] = [];
  const participant: GroupParticipant<number[]> = {
    createGroupState: () => [],
    beforeCommit: async (manager, staged) => {
      events.push(`flush ${staged.join(',')}`);
      for (const id of staged)
        await manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [id, 'g']);
    },
    afterCommit: (staged) => {
      events.push('publish');
      published.push([...staged]);
    },
  };
  const stage = (id: number, fail = false) =>
    queue.run(async (tx) => {
      const staged = tx.group.stateOf(participant);
      staged.push(id);
      tx.onRollback(() => staged.splice(staged.indexOf(id), 1));
      tx.afterCommit(() => events.push(`answer ${id}`));
      if (fail) throw new Error(`write ${id} refused`);
      return id;
    });
  const outcomes = await Promise.allSettled([stage(1), stage(2, true), stage(3)]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepEqual(events, ['flush 1,3', 'publish', 'answer 1', 'answer 3']);
  assert.deepEqual(published, [[1, 3]], 'the refused write staged nothing that survived');
  assert.equal(await count(), 2);
});
