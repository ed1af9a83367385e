import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as sqlite3 from 'sqlite3';
import { DataSource, EntityManager } from 'typeorm';
import { quietSqlite3 } from './database';
import { WriteQueue } from './write-queue';

export type CommittedRead<T> = (manager: EntityManager) => Promise<T>;

/** Read-only connections to a SQLite file: enough that a slow read does not queue the others. */
const SQLITE_READERS = 2;
/** Attempts to read while no commit is being published, before waiting between groups. */
const CONSISTENT_ATTEMPTS = 5;

/**
 * Reads that answer clients, seeing committed data only and never waiting behind a write.
 *
 * The write queue's SQLite connection runs the open commit group's transaction, so a read
 * on it can see rows a group has not committed yet (and waits behind a write stalled on the
 * disk). How committed reads are made depends on the driver, and this file is the one place
 * that decides:
 * - SQLite file: a small pool of read-only connections on the same file. In WAL mode each
 *   read transaction sees the database as of its first statement: committed data only,
 *   while the writer carries on.
 * - SQLite `:memory:`: there is one connection and no WAL; reads wait for their turn between
 *   two groups (WriteQueue.readCommitted).
 * - PostgreSQL: pooled connections already see committed data only; a read runs in one
 *   REPEATABLE READ transaction so its statements share a snapshot.
 *
 * A read on its own snapshot can run ahead of or behind the in-memory state the
 * ReplicaStore and others publish after each COMMIT. An answer that combines both uses
 * `runWithMemory`, which only returns what was read while no commit was being published.
 */
@Injectable()
export class CommittedReads implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('CommittedReads');
  private readers: SqliteReader[] = [];
  private next = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    // The driver switch: only a SQLite file needs connections of its own (see above).
    if (options.type === 'sqlite' && options.database !== ':memory:') {
      this.readers = await openSqliteReaders(this.dataSource, options.database);
    }
  }

  /**
   * Before the write connection closes (TypeORM's onApplicationShutdown): the last connection
   * to close a WAL database checkpoints it and removes the -wal file, and a read-only one
   * cannot, so closing the readers last would leave the data in the -wal file beside a
   * database file that lacks it. Reads after this wait between groups instead.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) {
      await reader
        .close()
        .catch((error: unknown) =>
          this.logger.warn(`closing a read connection failed: ${String(error)}`),
        );
    }
  }

  /** True when reads run on connections of their own (they never wait behind a write). */
  get separateConnections(): boolean {
    return this.readers.length > 0 || this.dataSource.options.type === 'postgres';
  }

  /** Runs the read on a committed snapshot of the database. */
  run<T>(read: CommittedRead<T>): Promise<T> {
    if (this.readers.length > 0) {
      const reader = this.readers[this.next];
      this.next = (this.next + 1) % this.readers.length;
      return reader.run(read);
    }
    if (this.dataSource.options.type === 'postgres') {
      return this.dataSource.transaction('REPEATABLE READ', read);
    }
    return this.writes.readCommitted(read);
  }

  /**
   * A read of a single statement: as run(), except on PostgreSQL, where it runs on a pooled
   * connection without a transaction of its own (one statement already sees one committed
   * snapshot), saving the BEGIN and COMMIT round trips of run().
   */
  runStatement<T>(read: CommittedRead<T>): Promise<T> {
    if (this.readers.length === 0 && this.dataSource.options.type === 'postgres') {
      return read(this.dataSource.manager);
    }
    return this.run(read);
  }

  /**
   * Runs a read that also reads committed in-memory state (ReplicaStore.committed and the
   * like): what it returns was read while no commit was between COMMIT and its publication
   * to memory, so the database snapshot and memory are the same version. Under a stream of
   * commits it retries, then waits for its turn between two groups.
   */
  async runWithMemory<T>(read: CommittedRead<T>): Promise<T> {
    if (!this.separateConnections) return this.writes.readCommitted(read);
    for (let attempt = 0; attempt < CONSISTENT_ATTEMPTS; attempt++) {
      const before = this.writes.publishedEpoch;
      if (before !== undefined) {
        const value = await this.run(read);
        if (this.writes.publishedEpoch === before) return value;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.writes.readCommitted(read);
  }
}

/** One read-only connection; its reads take turns, each in its own read transaction. */
class SqliteReader {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(read: CommittedRead<T>): Promise<T> {
    const result = this.tail.then(() => this.inTransaction(read));
    this.tail = result.catch(() => undefined);
    return result;
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }

  private async inTransaction<T>(read: CommittedRead<T>): Promise<T> {
    await this.dataSource.query('BEGIN');
    try {
      return await read(this.dataSource.manager);
    } finally {
      await this.dataSource.query('COMMIT');
    }
  }
}

async function openSqliteReaders(main: DataSource, database: string): Promise<SqliteReader[]> {
  const readers: SqliteReader[] = [];
  for (let i = 0; i < SQLITE_READERS; i++) {
    const dataSource = new DataSource({
      type: 'sqlite',
      database,
      // Read-only: a bug in a read cannot write, and opening never touches the journal mode.
      flags: sqlite3.OPEN_READONLY,
      entities: main.entityMetadatas.map((metadata) => metadata.target),
      busyTimeout: 5000,
      logging: false,
      driver: quietSqlite3,
    });
    await dataSource.initialize();
    readers.push(new SqliteReader(dataSource));
  }
  return readers;
}
