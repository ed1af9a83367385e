import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import { createDataSource, dataSourceOptions } from './database';
import {
  TestDatabase,
  createTestDatabase,
  terminateConnections,
  testDrivers,
} from './test-databases.harness';
import {
  CommittedGroupSample,
  GroupParticipant,
  WriteQueue,
  WriteQueueClosedError,
} from './write-queue';
import { holdWriteGroupOpen } from './write-queue.harness';

for (const driver of testDrivers()) {
  describe(`write queue on ${driver}`, () => {
    let dataSource: DataSource;
    let database: TestDatabase | undefined;

    before(async () => {
      if (driver === 'postgres') {
        database = await createTestDatabase('write_queue');
        dataSource = createDataSource(dataSourceOptions(database.settings({ poolSize: 4 })));
      } else {
        dataSource = new DataSource({ type: 'sqlite', database: ':memory:' });
      }
      await dataSource.initialize();
      await dataSource.query('CREATE TABLE t (id integer PRIMARY KEY, v text NOT NULL)');
    });

    after(async () => {
      await dataSource.destroy();
      await database?.drop();
    });

    /** Each queue holds a pooled connection on PostgreSQL until it is closed. */
    const queues: WriteQueue[] = [];
    function newQueue(options: ConstructorParameters<typeof WriteQueue>[1]): WriteQueue {
      const queue = new WriteQueue(dataSource, options);
      queues.push(queue);
      return queue;
    }
    afterEach(async () => {
      for (const queue of queues.splice(0)) await queue.close();
    });

    /** Test SQL is written with "?"; PostgreSQL numbers its placeholders. */
    function sql(text: string): string {
      if (driver === 'sqlite') return text;
      let n = 0;
      return text.replace(/\?/g, () => `$${++n}`);
    }

    async function count(): Promise<number> {
      const rows: { n: number | string }[] = await dataSource.query('SELECT COUNT(*) AS n FROM t');
      return Number(rows[0].n);
    }

    test('each committed group reports its size, its commit time and every write latency', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 16 });
      const samples: CommittedGroupSample[] = [];
      queue.onGroupCommitted((sample) => samples.push(sample));
      const started = performance.now();
      await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          queue.run(async (tx) => {
            await tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [i, 'x']);
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

    test('concurrent writes are grouped into one transaction and all answered after commit', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          queue.run(async (tx) => {
            await tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [i, `v${i}`]);
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

    test('without grouping every write is its own transaction', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: false, maxGroupSize: 64 });
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [i, 'x'])),
        ),
      );
      assert.equal(queue.stats.transactions, 10);
    });

    test('a failing write is rolled back alone; its group still commits', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
      const outcomes = await Promise.allSettled([
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (1, ?)'), ['a'])),
        queue.run(async (tx) => {
          await tx.manager.query(sql('INSERT INTO t (id, v) VALUES (2, ?)'), ['half-written']);
          throw new Error('rule violated');
        }),
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (3, ?)'), ['c'])),
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
      const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
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

    test('close() drains queued writes and refuses new ones', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 4 });
      const pending = Array.from({ length: 10 }, (_, i) =>
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [i, 'x'])),
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
      const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
      const events: string[] = [];
      const published: number[][] = [];
      const participant: GroupParticipant<number[]> = {
        createGroupState: () => [],
        beforeCommit: async (manager, staged) => {
          events.push(`flush ${staged.join(',')}`);
          for (const id of staged)
            await manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [id, 'g']);
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

    test('runStaged writes stage memory only: no SQL, a refused one undoes its memory, the rest commit with savepointed writes', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 16 });
      const participant: GroupParticipant<number[]> = {
        createGroupState: () => [],
        beforeCommit: async (manager, staged) => {
          for (const id of staged)
            await manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [id, 'staged']);
        },
        afterCommit: () => undefined,
      };
      const stage = (id: number, fail: 'no' | 'refused' | 'sql' = 'no') =>
        queue.runStaged(async (tx) => {
          const staged = tx.group.stateOf(participant);
          staged.push(id);
          tx.onRollback(() => staged.splice(staged.indexOf(id), 1));
          if (fail === 'refused') throw new Error(`write ${id} refused`);
          if (fail === 'sql') await tx.manager.query('SELECT 1');
          return id;
        });
      const outcomes = await Promise.allSettled([
        stage(1),
        stage(2, 'refused'),
        queue.run(async (tx) => {
          await tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [10, 'own']);
        }),
        stage(3, 'sql'),
        queue.run(async (tx) => {
          await tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [11, 'own']);
          throw new Error('rolled back to its savepoint');
        }),
        stage(4),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'fulfilled'],
      );
      const sqlRefusal = outcomes[3] as PromiseRejectedResult;
      assert.match(String(sqlRefusal.reason), /must not run SQL/);
      assert.equal(queue.stats.transactions, 1, 'one group');
      const rows: { id: number | string; v: string }[] = await dataSource.query(
        'SELECT id, v FROM t ORDER BY id',
      );
      assert.deepEqual(
        rows.map((r) => `${Number(r.id)} ${r.v}`),
        ['1 staged', '4 staged', '10 own'],
      );
    });

    test('a statement the database refuses (duplicate key) is rolled back to its savepoint alone', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
      const outcomes = await Promise.allSettled([
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [1, 'a'])),
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [1, 'dup'])),
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [2, 'b'])),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.equal(queue.stats.transactions, 1, 'one group, one transaction');
      assert.equal(await count(), 2);
    });

    test('a transaction guard runs inside every group just before COMMIT; its refusal fails the whole group', async () => {
      await dataSource.query('DELETE FROM t');
      const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
      const seen: number[] = [];
      let refuse = false;
      const remove = queue.addTransactionGuard({
        verifyBeforeCommit: async (manager) => {
          const rows: { n: number | string }[] = await manager.query('SELECT COUNT(*) AS n FROM t');
          seen.push(Number(rows[0].n));
          if (refuse) throw new Error('epoch lost');
        },
      });
      const insert = (id: number) =>
        queue.run((tx) => tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [id, 'x']));
      await Promise.all([insert(1), insert(2)]);
      assert.deepEqual(seen, [2], "the guard saw the group's own uncommitted rows, once");
      refuse = true;
      const refused = await Promise.allSettled([insert(3), insert(4)]);
      assert.deepEqual(
        refused.map((o) => (o.status === 'rejected' ? String(o.reason) : 'committed')),
        ['Error: epoch lost', 'Error: epoch lost'],
      );
      assert.equal(await count(), 2, 'nothing of the refused group committed');
      remove();
      await insert(5);
      assert.equal(await count(), 3, 'a removed guard no longer runs');
    });

    if (driver === 'postgres') {
      test('groups run on one pooled connection, kept across groups and released by close()', async () => {
        await dataSource.query('DELETE FROM t');
        const queue = newQueue({ groupCommit: true, maxGroupSize: 2 });
        const backend = () =>
          queue.run(async (tx) => {
            const [row] = await tx.manager.query<{ pid: number }[]>(
              'SELECT pg_backend_pid() AS pid',
            );
            return row.pid;
          });
        const pids = new Set<number>();
        for (let i = 0; i < 20; i++) pids.add(await backend());
        const concurrent = await Promise.all(Array.from({ length: 10 }, backend));
        for (const pid of concurrent) pids.add(pid);
        assert.equal(pids.size, 1, 'every group ran on the same connection');
        const runners = () =>
          (dataSource.driver as unknown as { connectedQueryRunners: unknown[] })
            .connectedQueryRunners.length;
        assert.equal(runners(), 1, 'one query runner held, not one per group');
        await queue.close();
        assert.equal(runners(), 0, 'close() released it');
      });

      test('a write connection cut between groups is replaced; the writes after it commit', async () => {
        await dataSource.query('DELETE FROM t');
        const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
        const pid = () =>
          queue.run(async (tx) => {
            const [row] = await tx.manager.query<{ pid: number }[]>(
              'SELECT pg_backend_pid() AS pid',
            );
            return row.pid;
          });
        const first = await pid();
        await terminateConnections(database?.name ?? '');
        await new Promise((resolve) => setTimeout(resolve, 100));
        const outcomes = await Promise.allSettled([pid()]);
        const second = await pid();
        assert.notEqual(second, first, 'a new connection');
        if (outcomes[0].status === 'rejected')
          assert.match(String(outcomes[0].reason), /terminat|Connection|released/);
        await queue.run((tx) =>
          tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [9, 'z']),
        );
        assert.equal(await count(), 1);
        await queue.close();
      });

      test('readCommitted reads at once from the pool and sees only committed rows', async () => {
        await dataSource.query('DELETE FROM t');
        const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
        const { release, write } = await holdWriteGroupOpen(queue, (tx) =>
          tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [77, 'open']),
        );
        assert.deepEqual(
          await dataSource.query('SELECT id FROM t'),
          [],
          'a pooled read: committed only',
        );
        assert.deepEqual(await queue.readCommitted((m) => m.query('SELECT id FROM t')), []);
        release();
        await write;
        assert.deepEqual(await queue.readCommitted((m) => m.query('SELECT id FROM t')), [
          { id: 77 },
        ]);
        await queue.close();
      });
    } else {
      test('readCommitted never sees a group that has not committed; a plain read on the connection does', async () => {
        await dataSource.query('DELETE FROM t');
        const queue = newQueue({ groupCommit: true, maxGroupSize: 64 });
        const { release, write } = await holdWriteGroupOpen(queue, (tx) =>
          tx.manager.query(sql('INSERT INTO t (id, v) VALUES (?, ?)'), [77, 'open']),
        );
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
    }
  });
}
