import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** What a queued write sees: the transaction's manager and a hook for after its commit. */
export interface WriteTransaction {
  readonly manager: EntityManager;
  /**
   * Runs fn once the transaction holding this write has committed; dropped if the write
   * fails or the commit does. This is where in-memory caches follow durable state.
   */
  afterCommit(fn: () => void): void;
}

export type WriteWork<T> = (tx: WriteTransaction) => Promise<T>;

interface PendingWrite {
  work: WriteWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export interface WriteQueueOptions {
  /** Group concurrent writes into one transaction (one fsync). Off = one transaction each. */
  groupCommit: boolean;
  /** Upper bound on writes sharing one transaction. */
  maxGroupSize: number;
}

export interface WriteQueueStats {
  transactions: number;
  writes: number;
  failedCommits: number;
}

/**
 * The single path for every write. TypeORM's SQLite driver has one connection, so two
 * transactions started from different requests would interleave on it; here writes run one
 * group at a time. Writes that arrive while a group commits wait and form the next group,
 * which then commits with one fsync. Each write runs inside its own SAVEPOINT, so a write
 * that throws is rolled back alone and its caller gets the error, while the rest of its
 * group still commits. A caller is answered only after COMMIT returned: an acknowledged
 * write is durable at the configured synchronous level.
 */
export class WriteQueue {
  private readonly logger = new Logger('WriteQueue');
  private readonly pending: PendingWrite[] = [];
  private draining = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  readonly stats: WriteQueueStats = { transactions: 0, writes: 0, failedCommits: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: WriteQueueOptions,
  ) {}

  run<T>(work: WriteWork<T>): Promise<T> {
    if (this.closed) return Promise.reject(new WriteQueueClosedError());
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the current tick's other requests join the first group.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once every queued write has been committed or rejected. */
  async flush(): Promise<void> {
    if (!this.draining && this.pending.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuse new writes and wait for queued ones: part of graceful shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const size = this.options.groupCommit ? this.options.maxGroupSize : 1;
        const group = this.pending.splice(0, size);
        await this.commitGroup(group);
      }
    } finally {
      this.draining = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private async commitGroup(group: PendingWrite[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
    } catch (error) {
      this.stats.failedCommits += 1;
      for (const write of group) write.reject(error);
      return;
    }
    const outcomes: { ok: boolean; value: unknown; hooks: (() => void)[] }[] = [];
    for (const write of group) outcomes.push(await this.runOne(runner, write));
    try {
      await runner.commitTransaction();
      this.stats.transactions += 1;
      this.stats.writes += group.length;
    } catch (error) {
      this.stats.failedCommits += 1;
      this.logger.error(`commit of ${group.length} write(s) failed: ${describe(error)}`);
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const write of group) write.reject(error);
      return;
    }
    group.forEach((write, i) => {
      const outcome = outcomes[i];
      if (!outcome.ok) {
        write.reject(outcome.value);
        return;
      }
      try {
        for (const hook of outcome.hooks) hook();
        write.resolve(outcome.value);
      } catch (error) {
        this.logger.error(`after-commit hook failed: ${describe(error)}`);
        write.reject(error);
      }
    });
  }

  /** Runs one write in a nested transaction (a SAVEPOINT) so its failure is its own. */
  private async runOne(
    runner: QueryRunner,
    write: PendingWrite,
  ): Promise<{ ok: boolean; value: unknown; hooks: (() => void)[] }> {
    const hooks: (() => void)[] = [];
    await runner.startTransaction();
    try {
      const value = await write.work({ manager: runner.manager, afterCommit: (fn) => hooks.push(fn) });
      await runner.commitTransaction();
      return { ok: true, value, hooks };
    } catch (error) {
      await runner.rollbackTransaction();
      return { ok: false, value: error, hooks: [] };
    }
  }
}

export class WriteQueueClosedError extends Error {
  constructor() {
    super('the global store is shutting down and accepts no more writes');
    this.name = 'WriteQueueClosedError';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
