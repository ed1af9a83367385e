import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { BackupError, backupDatabase, restoreDatabase } from './backup';
import { dataSourceOptions, openDatabase } from './database';
import { closeSqlite, inspectDatabaseFile, openSqlite, sqliteAll } from './sqlite-file';
import { WriteQueue } from './write-queue';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-backup-'));
  dirs.push(dir);
  return dir;
}

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function openStore(dbFile: string): Promise<DataSource> {
  const settings = { dbFile, synchronous: 'FULL' as const };
  return openDatabase(settings, dataSourceOptions(settings));
}

async function insertMeta(dataSource: DataSource, keys: string[]): Promise<void> {
  for (const key of keys) {
    await dataSource.query('INSERT INTO server_meta (meta_key, meta_value) VALUES (?, ?)', [
      key,
      'v',
    ]);
  }
}

async function metaKeys(dbFile: string): Promise<string[]> {
  const db = await openSqlite(dbFile, sqlite3.OPEN_READONLY);
  try {
    const rows = await sqliteAll<{ meta_key: string }>(
      db,
      'SELECT meta_key FROM server_meta ORDER BY meta_key',
    );
    return rows.map((r) => r.meta_key);
  } finally {
    await closeSqlite(db);
  }
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function rejectsWith(
  promise: Promise<unknown>,
  kind: BackupError['kind'],
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof BackupError, `expected a BackupError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('online backup', () => {
  test('snapshots a database that is open and being written, verified, with row counts', async () => {
    const dir = scratch();
    const dbFile = join(dir, 'store.db');
    const dataSource = await openStore(dbFile);
    try {
      await insertMeta(dataSource, ['a', 'b', 'c']);
      assert.ok(existsSync(`${dbFile}-wal`), 'the rows live in the WAL, not yet in the main file');
      const queue = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
      let acknowledged = 0;
      let writing = true;
      const writer = (async () => {
        while (writing) {
          const key = `load-${acknowledged}`;
          await queue.run((tx) =>
            tx.manager.query('INSERT INTO server_meta VALUES (?, ?)', [key, 'x']),
          );
          acknowledged += 1;
        }
      })();
      while (acknowledged < 20) await new Promise((r) => setImmediate(r));
      const acknowledgedBefore = acknowledged;
      const result = await backupDatabase(dbFile, join(dir, 'backups', 'snap.db'));
      writing = false;
      await writer;

      assert.equal(result.path, join(dir, 'backups', 'snap.db'));
      assert.ok(result.bytes > 0);
      assert.ok(result.rowCounts.server_meta >= 3 + acknowledgedBefore);
      assert.equal(result.rowCounts.workers, 0);
      assert.deepEqual(result.migrations.slice(0, 1), ['InitialSchema1732400000000']);
      const keys = await metaKeys(result.path);
      for (const key of ['a', 'b', 'c']) assert.ok(keys.includes(key));
      const loadKeys = keys.filter((k) => k.startsWith('load-')).map((k) => Number(k.slice(5)));
      // A consistent snapshot is a prefix of the write sequence: no gaps.
      assert.deepEqual(
        loadKeys.sort((x, y) => x - y),
        Array.from({ length: loadKeys.length }, (_, i) => i),
      );
      assert.ok(!existsSync(`${result.path}-wal`), 'the backup is one self-contained file');
      assert.deepEqual(
        readdirSync(join(dir, 'backups')),
        ['snap.db'],
        'no partial file left behind',
      );
      await inspectDatabaseFile(result.path);
    } finally {
      await dataSource.destroy();
    }
  });

  test('refuses to overwrite an existing file, and to back up a missing database', async () => {
    const dir = scratch();
    const dbFile = join(dir, 'store.db');
    const dataSource = await openStore(dbFile);
    await dataSource.destroy();
    const existing = join(dir, 'taken.db');
    writeFileSync(existing, 'precious');
    await rejectsWith(
      backupDatabase(dbFile, existing),
      'usage',
      /already exists; refusing to overwrite/,
    );
    assert.equal(readFileSync(existing, 'utf8'), 'precious');
    await rejectsWith(backupDatabase(dbFile, dbFile), 'usage', /is the live database itself/);
    await rejectsWith(
      backupDatabase(join(dir, 'nothing-here.db'), join(dir, 'out.db')),
      'source',
      /no database at .*nothing to back up/,
    );
  });
});

describe('restore', () => {
  async function makeBackup(dir: string, keys: string[]): Promise<string> {
    const source = join(dir, 'source.db');
    const dataSource = await openStore(source);
    await insertMeta(dataSource, keys);
    const result = await backupDatabase(source, join(dir, `backup-${keys.join('-')}.db`));
    await dataSource.destroy();
    return result.path;
  }

  test('refuses while the database is open in another connection and changes nothing', async () => {
    const dir = scratch();
    const backup = await makeBackup(dir, ['from-backup']);
    const live = join(dir, 'live.db');
    const server = await openStore(live);
    try {
      await insertMeta(server, ['live-row']);
      const before = sha256(live);
      await rejectsWith(
        restoreDatabase(live, backup),
        'in-use',
        /open in another process.*stop the Global Store/,
      );
      assert.equal(sha256(live), before);
      assert.deepEqual(
        readdirSync(dir)
          .filter((f) => f.startsWith('live.db'))
          .sort(),
        ['live.db', 'live.db-shm', 'live.db-wal'],
      );
    } finally {
      await server.destroy();
    }
  });

  test('replaces a stopped database atomically, keeps the old one aside, drops stale WAL files', async () => {
    const dir = scratch();
    const backup = await makeBackup(dir, ['b1', 'b2']);
    const live = join(dir, 'live.db');
    const old = await openStore(live);
    await insertMeta(old, ['old-row']);
    await old.destroy();
    // A crash leaves the -wal and -shm behind; the restored file must not inherit them.
    writeFileSync(`${live}-shm`, Buffer.alloc(32768));

    const result = await restoreDatabase(live, backup, new Date('2026-01-02T03:04:05.678Z'));
    assert.equal(result.dbFile, live);
    assert.equal(result.previousDbFile, `${live}.pre-restore-20260102T030405Z`);
    assert.equal(result.rowCounts.server_meta, 2);
    assert.ok(!existsSync(`${live}-shm`) && !existsSync(`${live}-wal`));
    assert.deepEqual(await metaKeys(live), ['b1', 'b2']);
    assert.ok(
      (await metaKeys(result.previousDbFile)).includes('old-row'),
      'the old database is kept whole',
    );
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no staged file left behind');

    const reopened = await openStore(live);
    await reopened.destroy();
  });

  test('restores over a corrupt or foreign database (the usual reason to restore)', async () => {
    const dir = scratch();
    const backup = await makeBackup(dir, ['good']);
    const live = join(dir, 'live.db');
    writeFileSync(live, 'not a database at all');
    const result = await restoreDatabase(live, backup);
    assert.deepEqual(await metaKeys(live), ['good']);
    assert.equal(readFileSync(result.previousDbFile ?? '', 'utf8'), 'not a database at all');
  });

  test(
    'the restored file keeps the owner and mode of the file it replaces (run as root)',
    {
      skip: process.getuid?.() !== 0 ? 'needs root to hand the file to another uid' : false,
    },
    async () => {
      const dir = scratch();
      chmodSync(dir, 0o755);
      const backup = await makeBackup(dir, ['owned']);
      const live = join(dir, 'live.db');
      const old = await openStore(live);
      await old.destroy();
      // The server's user in the image (uid 1000) owns its database; restore runs as root.
      chownSync(live, 1000, 1000);
      chmodSync(live, 0o640);
      await restoreDatabase(live, backup);
      const restored = statSync(live);
      assert.deepEqual(
        [restored.uid, restored.gid, (restored.mode & 0o7777).toString(8)],
        [1000, 1000, '640'],
      );
      // A first restore into a folder owned by the server's user gives the file to that user.
      const fresh = join(dir, 'volume');
      await restoreDatabase(join(fresh, 'x.db'), backup);
      chownSync(fresh, 1000, 1000);
      await restoreDatabase(join(fresh, 'y.db'), backup);
      assert.equal(statSync(join(fresh, 'y.db')).uid, 1000);
    },
  );

  test('restores into a path that has no database yet', async () => {
    const dir = scratch();
    const backup = await makeBackup(dir, ['k']);
    const live = join(dir, 'new', 'deeper', 'store.db');
    const result = await restoreDatabase(live, backup);
    assert.equal(result.previousDbFile, undefined);
    assert.deepEqual(await metaKeys(live), ['k']);
  });

  test('verifies the backup first: foreign, corrupt, newer-schema and non-Global-Store files are refused', async () => {
    const dir = scratch();
    const live = join(dir, 'live.db');
    const server = await openStore(live);
    await insertMeta(server, ['keep']);
    await server.destroy();
    const before = sha256(live);

    const foreign = join(dir, 'foreign.db');
    writeFileSync(foreign, 'hello');
    await rejectsWith(
      restoreDatabase(live, foreign),
      'source',
      /not an SQLite database.*nothing was changed/,
    );

    const good = await makeBackup(dir, ['x']);
    const bytes = readFileSync(good);
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, bytes.subarray(0, bytes.length / 2));
    await rejectsWith(restoreDatabase(live, truncated), 'source', /integrity check/);

    const newer = join(dir, 'newer.db');
    writeFileSync(newer, bytes);
    const db = await openSqlite(newer, sqlite3.OPEN_READWRITE);
    await sqliteAll(
      db,
      `INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'FutureSchema9999999999999')`,
    );
    await closeSqlite(db);
    await rejectsWith(
      restoreDatabase(live, newer),
      'source',
      /newer Global Store.*FutureSchema9999999999999/,
    );

    const other = join(dir, 'other.db');
    const otherDb = await openSqlite(other, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
    await sqliteAll(otherDb, 'CREATE TABLE notes (body text)');
    await closeSqlite(otherDb);
    await rejectsWith(restoreDatabase(live, other), 'source', /not a Global Store one/);

    await rejectsWith(restoreDatabase(live, join(dir, 'absent.db')), 'usage', /does not exist/);
    assert.equal(sha256(live), before, 'the live database was never touched');
    assert.deepEqual(await metaKeys(live), ['keep']);
  });
});
