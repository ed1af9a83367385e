import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import {
  DatabaseFileProblem,
  DatabaseFileReport,
  closeSqlite,
  describe,
  fileSize,
  inspectDatabaseFile,
  openSqlite,
  sqliteAll,
} from './sqlite-file';
import { sqliteErrorCode } from './storage-fault';

/**
 * Online backup and offline restore of the database file. A live SQLite file in WAL mode is
 * the main file plus the -wal (committed but not yet checkpointed pages): copying the files
 * can tear a page or miss the WAL. Both directions here go through SQLite (VACUUM INTO on a
 * read transaction), which always yields one consistent, self-contained file.
 */

export type BackupProblemKind = 'usage' | 'source' | 'in-use' | 'failed';

export class BackupError extends Error {
  constructor(
    readonly kind: BackupProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  path: string;
  bytes: number;
  rowCounts: Record<string, number>;
  migrations: string[];
  durationMs: number;
}

export interface RestoreResult {
  dbFile: string;
  bytes: number;
  rowCounts: Record<string, number>;
  migrations: string[];
  /** Where the database that was replaced now lives; undefined when there was none. */
  previousDbFile?: string;
  durationMs: number;
}

/** How long the backup's read transaction waits for a lock the server holds briefly. */
const BACKUP_BUSY_TIMEOUT_MS = 10_000;

/**
 * Writes a consistent snapshot of a database that may be in use: VACUUM INTO runs as one
 * read transaction on a connection of its own (WAL readers never block the server's
 * writer), into a temporary file next to the target that is verified before it takes the
 * target's name. An existing target is never overwritten.
 */
export async function backupDatabase(dbFile: string, outFile: string): Promise<BackupResult> {
  const started = performance.now();
  const source = resolve(dbFile);
  const target = resolve(outFile);
  if (target === source || target.startsWith(`${source}-`)) {
    throw new BackupError('usage', `--out=${target} is the live database itself`);
  }
  if (existsSync(target)) {
    throw new BackupError('usage', `--out=${target} already exists; refusing to overwrite it`);
  }
  try {
    // Schema only: the copy gets the full integrity_check below. Refusing here, before
    // VACUUM INTO, names the source and never copies another application's data.
    await inspectDatabaseFile(source, { integrity: 'none', requireSchema: true });
  } catch (error) {
    throw new BackupError(
      'source',
      error instanceof DatabaseFileProblem && error.kind === 'missing'
        ? `no database at ${source} (database.db_file): nothing to back up`
        : `cannot back up ${source}: ${describe(error)}`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  removeQuietly(partial);
  try {
    const db = await openSqlite(source, sqlite3.OPEN_READONLY);
    try {
      await sqliteAll(db, `PRAGMA busy_timeout = ${BACKUP_BUSY_TIMEOUT_MS}`);
      await sqliteAll(db, 'VACUUM INTO ?', [partial]);
    } finally {
      await closeSqlite(db).catch(() => undefined);
    }
    const report = await verifyCopy(partial, 'backup');
    fsyncFile(partial);
    // link() fails if the target appeared meanwhile: never overwrite, even racing another run.
    linkSync(partial, target);
    unlinkSync(partial);
    fsyncFile(dirname(target));
    return {
      path: target,
      bytes: fileSize(target),
      rowCounts: report.rowCounts,
      migrations: report.migrations,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    removeQuietly(partial);
    if (error instanceof BackupError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new BackupError('usage', `--out=${target} already exists; refusing to overwrite it`);
    }
    throw new BackupError('failed', `backup of ${source} failed: ${describe(error)}`);
  }
}

/**
 * Replaces a stopped server's database with a backup. The backup is verified first; the new
 * file is built next to the database (same filesystem) and renamed into place, so a crash
 * midway leaves either the old database or the new one. The old database is kept as
 * `<db_file>.pre-restore-<UTC timestamp>` (with its -wal, if any was left), and the live
 * path's stale -wal/-shm are gone: SQLite would otherwise replay the old WAL into the
 * restored file.
 *
 * A running server is detected through SQLite's own locks: every open connection to a WAL
 * database holds a shared lock, so an exclusive lock is refused while the server runs.
 */
export async function restoreDatabase(
  dbFile: string,
  backupFile: string,
  now: Date = new Date(),
): Promise<RestoreResult> {
  const started = performance.now();
  const live = resolve(dbFile);
  const backup = resolve(backupFile);
  if (backup === live) {
    throw new BackupError('usage', `--from=${backup} is the database file itself`);
  }
  if (!existsSync(backup)) throw new BackupError('usage', `--from=${backup} does not exist`);
  await refuseForeignLiveDatabase(live);
  let verified: DatabaseFileReport;
  try {
    verified = await inspectDatabaseFile(backup, { countRows: true, requireSchema: true });
  } catch (error) {
    throw new BackupError(
      'source',
      `backup ${error instanceof DatabaseFileProblem ? error.message : `${backup}: ${describe(error)}`}; nothing was changed`,
    );
  }

  mkdirSync(dirname(live), { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const staged = `${live}.restore-${stamp}.tmp`;
  removeQuietly(staged);
  try {
    const db = await openSqlite(backup, sqlite3.OPEN_READONLY);
    try {
      await sqliteAll(db, 'VACUUM INTO ?', [staged]);
    } finally {
      await closeSqlite(db).catch(() => undefined);
    }
    const copy = await verifyCopy(staged, 'restore');
    if (JSON.stringify(copy.rowCounts) !== JSON.stringify(verified.rowCounts)) {
      throw new BackupError('failed', 'the staged copy does not match the backup row for row');
    }
    keepOwnership(staged, live);
    fsyncFile(staged);

    let previousDbFile: string | undefined;
    if (existsSync(live)) {
      await releaseOldDatabase(live);
      previousDbFile = `${live}.pre-restore-${stamp}`;
      renameSync(live, previousDbFile);
      // The restart image (libs/artifacts/src/replica-image.ts) goes with the file it was
      // written for; the restored file names no image of this folder anyway.
      for (const suffix of ['-wal', '-journal', '.replica-image']) {
        if (existsSync(`${live}${suffix}`))
          renameSync(`${live}${suffix}`, `${previousDbFile}${suffix}`);
      }
    }
    removeQuietly(`${live}-shm`);
    removeQuietly(`${live}-wal`);
    renameSync(staged, live);
    fsyncFile(dirname(live));
    return {
      dbFile: live,
      bytes: fileSize(live),
      rowCounts: copy.rowCounts,
      migrations: copy.migrations,
      previousDbFile,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    removeQuietly(staged);
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      'failed',
      `restore into ${live} failed: ${describe(error)}; ${live} was not replaced`,
    );
  }
}

/**
 * The file restore would move aside must be ours (or unreadable: a corrupt database is the
 * usual reason to restore). A readable SQLite file with another application's schema means
 * database.db_file points at the wrong file: moving it would hide somebody's data.
 */
async function refuseForeignLiveDatabase(live: string): Promise<void> {
  if (!existsSync(live) || fileSize(live) === 0) return;
  try {
    await inspectDatabaseFile(live, { integrity: 'none' });
  } catch (error) {
    if (!(error instanceof DatabaseFileProblem)) throw error;
    if (error.kind === 'not-ours') {
      throw new BackupError(
        'source',
        `database.db_file ${error.message}; refusing to replace it, nothing was changed. ` +
          'Point database.db_file at the Global Store database.',
      );
    }
  }
}

/**
 * Proves no process has the database open, and folds any WAL left by a crash into the old
 * file so the copy kept aside is complete on its own. A file SQLite cannot read (the very
 * reason for many restores) cannot be locked this way; it is then moved aside as it is.
 */
async function releaseOldDatabase(live: string): Promise<void> {
  let db: sqlite3.Database | undefined;
  try {
    db = await openSqlite(live, sqlite3.OPEN_READWRITE);
    await sqliteAll(db, 'PRAGMA busy_timeout = 0');
    await sqliteAll(db, 'PRAGMA locking_mode = EXCLUSIVE');
    await sqliteAll(db, 'BEGIN EXCLUSIVE');
    await sqliteAll(db, 'COMMIT');
    await sqliteAll(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  } catch (error) {
    const code = sqliteErrorCode(error);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new BackupError(
        'in-use',
        `${live} is open in another process (SQLite lock held): stop the Global Store ` +
          '(and any sqlite3 shell or backup on it) before restoring; nothing was changed',
      );
    }
    if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') throw error;
  } finally {
    if (db) await closeSqlite(db).catch(() => undefined);
  }
}

/**
 * The restored file takes the owner and mode of the file it replaces (or, for a first
 * restore, the owner of its folder): restore usually runs as root (kubectl exec, a one-off
 * Job, docker run) while the server runs as a non-root user, which could not open a
 * root-owned 0644 file read-write (EACCES).
 */
function keepOwnership(staged: string, live: string): void {
  const original = existsSync(live) ? statSync(live) : undefined;
  const folder = statSync(dirname(live));
  const owner = original ?? folder;
  chmodSync(staged, original ? original.mode & 0o7777 : 0o600);
  if (owner.uid === process.getuid?.() && owner.gid === process.getgid?.()) return;
  try {
    chownSync(staged, owner.uid, owner.gid);
  } catch (error) {
    // Only root may give a file away; anyone else already is the owner the server runs as.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

async function verifyCopy(path: string, what: string): Promise<DatabaseFileReport> {
  try {
    return await inspectDatabaseFile(path, { countRows: true, requireSchema: true });
  } catch (error) {
    throw new BackupError('failed', `the ${what} copy failed verification: ${describe(error)}`);
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // absent
  }
}
