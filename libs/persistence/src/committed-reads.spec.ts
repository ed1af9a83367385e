import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataSource } from 'typeorm';
import { CommittedReads } from './committed-reads';
import { DatabaseSettings, dataSourceOptions, openDatabase } from './database';
import { createTestDatabase, testDrivers } from './test-databases.harness';
import { WriteQueue } from './write-queue';
import { holdWriteGroupOpen } from './write-queue.harness';

/** A real database (file or :memory:) with a table t, its write queue and committed reads. */
async function open(dbFile: string | null) {
  const settings = { dbFile, synchronous: 'FULL' as const };
  const dataSource: DataSource = await openDatabase(settings, dataSourceOptions(settings));
  await dataSource.query('CREATE TABLE t (id integer PRIMARY KEY, v text NOT NULL)');
  const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const reads = new CommittedReads(dataSource, writes);
  await reads.onModuleInit();
  return {
    dataSource,
    writes,
    reads,
    close: async () => {
      await writes.close();
      await reads.beforeApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

/** Starts a write that inserts a row and holds its group open until released. */
function openGroup(writes: WriteQueue, id: number) {
  return holdWriteGroupOpen(writes, (tx) =>
    tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [id, 'open']),
  );
}

test('on a SQLite file, a read during an open group sees committed rows only and does not wait for it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-committed-reads-'));
  const db = await open(join(dir, 'store.db'));
  try {
    await db.writes.run((tx) => tx.manager.query("INSERT INTO t (id, v) VALUES (1, 'done')"));
    const group = await openGroup(db.writes, 2);
    // The write connection shows the open group's row: what reads used to see.
    assert.deepEqual(await db.dataSource.query('SELECT id FROM t ORDER BY id'), [
      { id: 1 },
      { id: 2 },
    ]);
    assert.equal(db.reads.separateConnections, true);
    // Answered while the group is still open: it does not queue behind the write.
    const rows = await db.reads.run((manager) => manager.query('SELECT id FROM t ORDER BY id'));
    assert.deepEqual(rows, [{ id: 1 }]);
    const withMemory = await db.reads.runWithMemory((manager) =>
      manager.query('SELECT id FROM t ORDER BY id'),
    );
    assert.deepEqual(withMemory, [{ id: 1 }]);
    group.release();
    await group.write;
    assert.deepEqual(
      await db.reads.run((manager) => manager.query('SELECT id FROM t ORDER BY id')),
      [{ id: 1 }, { id: 2 }],
      'a read after the commit sees it',
    );
    await assert.rejects(
      db.reads.run((manager) => manager.query("INSERT INTO t (id, v) VALUES (3, 'x')")),
      /readonly/i,
      'the read connections cannot write',
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runWithMemory returns only what was read while no commit was being published', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-committed-reads-'));
  const db = await open(join(dir, 'store.db'));
  try {
    // memory[] stands for a cache published after COMMIT, as the ReplicaStore's index is.
    const memory: number[] = [];
    const participant = {
      createGroupState: () => ({ ids: [] as number[] }),
      beforeCommit: () => Promise.resolve(),
      afterCommit: (state: { ids: number[] }) => memory.push(...state.ids),
    };
    const writes = Array.from({ length: 30 }, (_, i) =>
      db.writes.run(async (tx) => {
        await tx.manager.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'w']);
        tx.group.stateOf<{ ids: number[] }>(participant).ids.push(i);
      }),
    );
    const reads: Promise<void>[] = [];
    for (let i = 0; i < 30; i++) {
      reads.push(
        db.reads
          .runWithMemory(async (manager) => {
            const rows: { id: number }[] = await manager.query('SELECT id FROM t ORDER BY id');
            return { disk: rows.map((r) => r.id), memory: [...memory].sort((a, b) => a - b) };
          })
          .then(({ disk, memory: seen }) => {
            assert.deepEqual(disk, seen, 'the database snapshot and memory are one version');
          }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([...writes, ...reads]);
    assert.equal(memory.length, 30);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on :memory: (one connection) a committed read waits for the open group instead', async () => {
  const db = await open(null);
  try {
    assert.equal(db.reads.separateConnections, false);
    const group = await openGroup(db.writes, 5);
    let done = false;
    const read = db.reads
      .run((manager) => manager.query('SELECT id FROM t'))
      .then((rows: unknown) => {
        done = true;
        return rows;
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(done, false, 'the read waits for the group');
    group.release();
    await group.write;
    assert.deepEqual(await read, [{ id: 5 }]);
  } finally {
    await db.close();
  }
});

test(
  'on PostgreSQL, a one-statement read (runStatement) sees committed rows only and does not wait for an open group',
  { skip: !testDrivers().includes('postgres') },
  async () => {
    const database = await createTestDatabase('committed_reads');
    const settings: DatabaseSettings = database.settings();
    const dataSource = await openDatabase(settings, dataSourceOptions(settings));
    const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
    const reads = new CommittedReads(dataSource, writes);
    await reads.onModuleInit();
    try {
      await dataSource.query('CREATE TABLE t (id integer PRIMARY KEY, v text NOT NULL)');
      await writes.run((tx) => tx.manager.query("INSERT INTO t (id, v) VALUES (1, 'done')"));
      const { release, write } = await holdWriteGroupOpen(writes, (tx) =>
        tx.manager.query("INSERT INTO t (id, v) VALUES (2, 'open')"),
      );
      const select = 'SELECT id FROM t ORDER BY id';
      assert.deepEqual(await reads.runStatement((m) => m.query(select)), [{ id: 1 }]);
      assert.deepEqual(await reads.run((m) => m.query(select)), [{ id: 1 }]);
      release();
      await write;
      assert.deepEqual(await reads.runStatement((m) => m.query(select)), [{ id: 1 }, { id: 2 }]);
    } finally {
      await writes.close();
      await reads.beforeApplicationShutdown();
      await dataSource.destroy();
      await database.drop();
    }
  },
);
