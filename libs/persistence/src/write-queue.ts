import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { DomainError } from '../../common/src';
import { rejectingStorageErrors, storageFaultCode } from './storage-fault';

/** What a queued write sees: the transaction's manager and a hook for after its commit. */
export interface WriteTransaction {
  readonly manager: EntityManager;
  /**
   * Runs fn once the transaction holding this write has committed; dropped if the write
   * fails or the commit does. This is where in-memory caches follow durable state.
   */
  afterCommit(fn: () => void): void;
  /** Runs fn if this write is rolled back on its own (its savepoint), to undo memory it staged. */
  onRollback(fn: () => void): void;
  /** What the writes of one commit group share (one transaction). */
  readonly group: CommitGroup;
}

/**
 * A component that stages changes for a whole commit group: its state is created by the
 * group's first write that asks for it, flushed once before COMMIT (set-based statements,
 * checksums computed once per group) and published once after it.
 */
export interface GroupParticipant<S> {
  createGroupState(): S;
  /** Inside the transaction, after the group's last write; a throw fails the whole group. */
  beforeCommit(manager: EntityManager, state: S): Promise<void>;
  /** After COMMIT, before the writes' own afterCommit hooks run and their callers hear. */
  afterCommit(state: S): void;
}

/**
 * A check that every commit group must pass inside its own transaction, after the group's
 * writes and participants and just before COMMIT (fencing: a leader proves it still holds
 * its epoch in the same transaction that commits its writes). A throw rolls the whole group
 * back and every write of the group fails with that error.
 */
export interface TransactionGuard {
  verifyBeforeCommit(manager: EntityManager): Promise<void>;
}

export interface CommitGroup {
  stateOf<S>(participant: GroupParticipant<S>): S;
}

export type WriteWork<T> = (tx: WriteTransaction) => Promise<T>;

/** Work that must run on the write connection with no transaction open (checkpoints). */
export type MaintenanceWork<T> = (manager: EntityManager) => Promise<T>;

interface PendingWrite {
  work: WriteWork<unknown>;
  /** Stages memory only (runStaged): no savepoint, and its transaction has no manager. */
  stagedOnly: boolean;
  /** performance.now() when queued: write latency includes the wait for a group. */
  queuedAt: number;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

interface PendingMaintenance {
  maintenance: MaintenanceWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Pending = PendingWrite | PendingMaintenance;

interface WriteOutcome {
  ok: boolean;
  value: unknown;
  hooks: (() => void)[];
  /** The storage failed (or the savepoint could not be undone): the whole group is lost. */
  fatal?: boolean;
}

export interface WriteQueueOptions {
  /** Group concurrent writes into one transaction (one fsync). Off = one transaction each. */
  groupCommit: boolean;
  /** Upper bound on writes sharing one transaction. */
  maxGroupSize: number;
}

/** One committed group, for the latency and group-size histograms. */
export interface CommittedGroupSample {
  /** Writes in the transaction (failed ones, rolled back to their savepoint, included). */
  size: number;
  /** BEGIN to COMMIT returned, in seconds. */
  commitSeconds: number;
  /** Per write: queued to answered, in seconds. */
  writeSeconds: number[];
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
 * group still commits (a write that only stages memory, runStaged, needs no savepoint: undoing
 * its memory is its rollback). A caller is answered only after COMMIT returned: an acknowledged
 * write is durable at the configured synchronous level.
 */
export class WriteQueue {
  private readonly logger = new Logger('WriteQueue');
  private readonly pending: Pending[] = [];
  private draining = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly closeWork: MaintenanceWork<void>[] = [];
  private idleWaiters: (() => void)[] = [];
  private readonly guards: TransactionGuard[] = [];
  /**
   * PostgreSQL: the one pooled connection every group runs on, kept across groups (a group
   * is one transaction on one connection) and replaced when it breaks. SQLite's driver has a
   * single shared query runner, so this stays unset there.
   */
  private writeRunner: QueryRunner | undefined;
  private readonly groupListeners: ((sample: CommittedGroupSample) => void)[] = [];
  readonly stats: WriteQueueStats = { transactions: 0, writes: 0, failedCommits: 0 };
  /** Groups that reached COMMIT, and those whose commit was settled and published to memory. */
  private commitsStarted = 0;
  private commitsSettled = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: WriteQueueOptions,
  ) {}

  run<T>(work: WriteWork<T>): Promise<T> {
    return this.queueWrite(work, false);
  }

  /**
   * A write that only stages changes with group participants (the group writes them
   * set-based before COMMIT) and runs no SQL of its own: it needs no savepoint, and when it
   * throws, its onRollback hooks undoing the memory it staged are the whole rollback. Its
   * transaction's `manager` throws, so SQL cannot slip into such a write unnoticed. A
   * savepoint pair is two driver calls per write, about as much main-thread CPU as a small
   * RegisterReplica's own work (profile: docs/benchmarks.md, "Per-RPC server paths").
   */
  runStaged<T>(work: WriteWork<T>): Promise<T> {
    return this.queueWrite(work, true);
  }

  private queueWrite<T>(work: WriteWork<T>, stagedOnly: boolean): Promise<T> {
    if (this.closed) return Promise.reject(new WriteQueueClosedError());
    return new Promise<T>((resolve, reject) => {
      this.enqueue({
        work,
        stagedOnly,
        queuedAt: performance.now(),
        resolve: resolve as (v: unknown) => void,
        reject: rejectingStorageErrors(reject),
      });
    });
  }

  /**
   * Runs work on the write connection between two groups, with no transaction open and no
   * write in flight: for PRAGMAs such as wal_checkpoint that cannot run inside a transaction
   * and would otherwise collide with a group commit.
   */
  runMaintenance<T>(work: MaintenanceWork<T>): Promise<T> {
    if (this.closed) return Promise.reject(new WriteQueueClosedError());
    return new Promise<T>((resolve, reject) => {
      this.enqueue({
        maintenance: work,
        resolve: resolve as (v: unknown) => void,
        reject: rejectingStorageErrors(reject),
      });
    });
  }

  /**
   * Runs a read that must see committed state only. SQLite here has one connection, so a
   * plain read issued while a group's transaction is open would see that group's uncommitted
   * writes (and answer a client with state that may still roll back, or that the in-memory
   * caches, updated after COMMIT, do not show yet). This read waits for its turn between two
   * groups instead. For rare reads (windows, admin); hot paths read committed memory.
   * On PostgreSQL the read runs at once on a pooled connection of its own, which sees only
   * committed rows (READ COMMITTED), so it need not wait for the queue.
   */
  readCommitted<T>(work: MaintenanceWork<T>): Promise<T> {
    if (this.closed) return Promise.reject(new WriteQueueClosedError());
    if (!this.sharedConnection) return work(this.dataSource.manager);
    return this.runMaintenance(work);
  }

  /**
   * A counter of settled commits, or undefined while a group is between its COMMIT and the
   * publication of its changes to memory. Two equal defined values around a read mean no
   * commit happened meanwhile: what the read saw on disk and in memory is the same version.
   */
  get publishedEpoch(): number | undefined {
    return this.commitsStarted === this.commitsSettled ? this.commitsSettled : undefined;
  }

  /**
   * Adds a check run inside every group transaction just before COMMIT (see
   * TransactionGuard); returns the function that removes it again.
   */
  addTransactionGuard(guard: TransactionGuard): () => void {
    this.guards.push(guard);
    return () => {
      const index = this.guards.indexOf(guard);
      if (index >= 0) this.guards.splice(index, 1);
    };
  }

  /** SQLite: one connection shared by every query, the write queue's transactions included. */
  private get sharedConnection(): boolean {
    return this.dataSource.options.type === 'sqlite';
  }

  /** Called after each committed group, once its callers have been answered. */
  onGroupCommitted(listener: (sample: CommittedGroupSample) => void): void {
    this.groupListeners.push(listener);
  }

  /** Writes and maintenance jobs waiting for their turn (a stalled disk shows up here). */
  get depth(): number {
    return this.pending.length;
  }

  private enqueue(item: Pending): void {
    this.pending.push(item);
    if (!this.draining) {
      this.draining = true;
      // Let the current tick's other requests join the first group.
      setImmediate(() => void this.drain());
    }
  }

  /** Resolves once every queued write has been committed or rejected. */
  async flush(): Promise<void> {
    if (!this.draining && this.pending.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs work once at close, after the last write committed and was published, on the write
   * connection with no transaction open (the restart image: ReplicaStore). A failure is
   * logged and the close goes on.
   */
  onClose(work: MaintenanceWork<void>): void {
    this.closeWork.push(work);
  }

  /** Refuse new writes and wait for queued ones: part of graceful shutdown. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.closed = true;
    await this.flush();
    for (const work of this.closeWork.splice(0)) {
      try {
        await work(this.dataSource.manager);
      } catch (error) {
        this.logger.error(`work at close failed: ${describe(error)}`);
      }
    }
    const runner = this.writeRunner;
    this.writeRunner = undefined;
    if (runner && !runner.isReleased) await runner.release();
  }

  /** The connection the next group runs on. */
  private groupRunner(): QueryRunner {
    if (this.sharedConnection) return this.dataSource.createQueryRunner();
    if (this.writeRunner === undefined || this.writeRunner.isReleased) {
      this.writeRunner = this.dataSource.createQueryRunner();
    }
    return this.writeRunner;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const next = this.pending[0];
        if ('maintenance' in next) {
          this.pending.shift();
          await this.runMaintenanceJob(next);
          continue;
        }
        const limit = this.options.groupCommit ? this.options.maxGroupSize : 1;
        let size = 1;
        while (
          size < limit &&
          size < this.pending.length &&
          !('maintenance' in this.pending[size])
        ) {
          size += 1;
        }
        const group = this.pending.splice(0, size) as PendingWrite[];
        try {
          await this.commitGroup(group);
        } catch (error) {
          // commitGroup answers every write itself; this only guards against a bug leaving
          // callers waiting forever (a settled promise ignores a second answer).
          this.logger.error(`write group failed unexpectedly: ${describe(error)}`);
          this.commitsSettled = this.commitsStarted;
          await this.recoverConnection(this.groupRunner());
          for (const write of group) write.reject(error);
        }
      }
    } finally {
      this.draining = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private async commitGroup(group: PendingWrite[]): Promise<void> {
    const startedAt = performance.now();
    const runner = this.groupRunner();
    try {
      await this.beginGroupTransaction(runner);
    } catch (error) {
      await this.abandonGroup(runner, group, error, 'could not begin a transaction');
      return;
    }
    const outcomes: WriteOutcome[] = [];
    const shared = new GroupStates();
    let committedAt = startedAt;
    for (const write of group) {
      const outcome = await this.runOne(runner, write, shared);
      if (outcome.fatal) {
        await this.abandonGroup(runner, group, outcome.value, 'a write hit a storage fault');
        return;
      }
      outcomes.push(outcome);
    }
    try {
      for (const [participant, state] of shared.entries()) {
        await participant.beforeCommit(runner.manager, state);
      }
    } catch (error) {
      await this.abandonGroup(runner, group, error, 'staging the group failed');
      return;
    }
    try {
      for (const guard of [...this.guards]) await guard.verifyBeforeCommit(runner.manager);
    } catch (error) {
      await this.abandonGroup(runner, group, error, 'a transaction guard refused the commit');
      return;
    }
    this.commitsStarted += 1;
    try {
      await runner.commitTransaction();
      committedAt = performance.now();
      this.stats.transactions += 1;
      this.stats.writes += group.length;
    } catch (error) {
      this.commitsSettled += 1;
      await this.abandonGroup(runner, group, error, 'commit failed');
      return;
    }
    for (const [participant, state] of shared.entries()) {
      try {
        participant.afterCommit(state);
      } catch (error) {
        this.logger.error(`after-commit publication failed: ${describe(error)}`);
      }
    }
    this.commitsSettled += 1;
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
    this.reportGroup(group, startedAt, committedAt);
  }

  private reportGroup(group: PendingWrite[], startedAt: number, committedAt: number): void {
    if (this.groupListeners.length === 0) return;
    const answeredAt = performance.now();
    const sample: CommittedGroupSample = {
      size: group.length,
      commitSeconds: (committedAt - startedAt) / 1000,
      writeSeconds: group.map((write) => (answeredAt - write.queuedAt) / 1000),
    };
    for (const listener of this.groupListeners) {
      try {
        listener(sample);
      } catch (error) {
        this.logger.error(`commit listener failed: ${describe(error)}`);
      }
    }
  }

  /** Runs one write in a nested transaction (a SAVEPOINT) so its failure is its own. */
  private async runOne(
    runner: QueryRunner,
    write: PendingWrite,
    shared: GroupStates,
  ): Promise<WriteOutcome> {
    if (write.stagedOnly) return this.runStagedOne(write, shared);
    const hooks: (() => void)[] = [];
    const undo: (() => void)[] = [];
    const rollBackMemory = () => {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
    };
    try {
      await this.savepoint(runner, 'start');
    } catch (error) {
      return { ok: false, value: error, hooks: [], fatal: true };
    }
    try {
      const value = await write.work({
        manager: runner.manager,
        afterCommit: (fn) => hooks.push(fn),
        onRollback: (fn) => undo.push(fn),
        group: shared,
      });
      await this.savepoint(runner, 'release');
      return { ok: true, value, hooks };
    } catch (error) {
      // SQLite may already have rolled back the whole transaction after a storage fault;
      // carrying on would run the group's remaining writes outside any transaction.
      if (storageFaultCode(error) !== undefined)
        return { ok: false, value: error, hooks: [], fatal: true };
      try {
        await this.savepoint(runner, 'rollback');
      } catch {
        return { ok: false, value: error, hooks: [], fatal: true };
      }
      rollBackMemory();
      return { ok: false, value: error, hooks: [] };
    }
  }

  /** A runStaged write: it touched memory only, so undoing that memory is its rollback. */
  private async runStagedOne(write: PendingWrite, shared: GroupStates): Promise<WriteOutcome> {
    const hooks: (() => void)[] = [];
    const undo: (() => void)[] = [];
    try {
      const value = await write.work({
        get manager(): EntityManager {
          throw new Error('a staged write (WriteQueue.runStaged) must not run SQL');
        },
        afterCommit: (fn) => hooks.push(fn),
        onRollback: (fn) => undo.push(fn),
        group: shared,
      });
      return { ok: true, value, hooks };
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      return { ok: false, value: error, hooks: [] };
    }
  }

  /**
   * Rolls the whole group back and answers every write with the error: after a storage
   * fault none of them is durable, and each caller must hear so rather than a success.
   */
  private async abandonGroup(
    runner: QueryRunner,
    group: PendingWrite[],
    error: unknown,
    why: string,
  ): Promise<void> {
    this.stats.failedCommits += 1;
    this.logger.error(`${why}; rolled back ${group.length} write(s): ${describe(error)}`);
    await this.recoverConnection(runner);
    for (const write of group) write.reject(error);
  }

  /**
   * Takes the write connection out of any transaction after a failed group. Explicit
   * ROLLBACK as SQLite recommends after FULL/IOERR/BUSY; it fails harmlessly when SQLite (or
   * PostgreSQL, on a lost connection) already rolled back on its own. TypeORM's runner
   * still believes a transaction is open when COMMIT or ROLLBACK failed (the next group would
   * start with a SAVEPOINT instead of BEGIN), so the bookkeeping is reset to match. A
   * PostgreSQL connection that cannot even roll back is broken: it is closed, not returned
   * to the pool, and the next group opens a fresh one.
   */
  private async recoverConnection(runner: QueryRunner): Promise<void> {
    if (this.sharedConnection) {
      await this.dataSource.query('ROLLBACK').catch(() => undefined);
      this.setTransactionState(runner, false, 0);
      return;
    }
    if (runner.isReleased) return;
    try {
      await runner.query('ROLLBACK');
      this.setTransactionState(runner, false, 0);
    } catch (error) {
      this.logger.warn(`closing the write connection: ${describe(error)}`);
      await discardConnection(runner, error);
      if (this.writeRunner === runner) this.writeRunner = undefined;
    }
  }

  /**
   * On SQLite the group takes the write lock up front (BEGIN IMMEDIATE), while the busy
   * handler may still wait for it: a deferred transaction that reads first and then writes
   * fails at once with SQLITE_BUSY when another connection holds the lock, without waiting
   * busy_timeout. The savepoints of the group's writes nest inside as usual.
   */
  private async beginGroupTransaction(runner: QueryRunner): Promise<void> {
    if (!this.sharedConnection) return runner.startTransaction();
    await runner.query('BEGIN IMMEDIATE');
    this.setTransactionState(runner, true, 1);
  }

  /**
   * A write's own savepoint: opened before it, released after it, rolled back to when it
   * throws. On SQLite the statement goes to the driver as one `exec` call: through TypeORM
   * (query runner, broadcaster, then the driver's prepare + step + finalize, three jobs on
   * its thread pool) a savepoint pair cost about as much main-thread CPU as the write's own
   * statement, twice per RegisterReplica (profile: docs/benchmarks.md, "Per-RPC server
   * paths"). Names and TypeORM's depth bookkeeping are TypeORM's own, so nested
   * transactions a write might open still number theirs after it.
   */
  private async savepoint(
    runner: QueryRunner,
    action: 'start' | 'release' | 'rollback',
  ): Promise<void> {
    if (!this.sharedConnection) {
      if (action === 'start') return runner.startTransaction();
      return action === 'release' ? runner.commitTransaction() : runner.rollbackTransaction();
    }
    const depth = (runner as QueryRunner & { transactionDepth: number }).transactionDepth;
    const name = `typeorm_${action === 'start' ? depth : depth - 1}`;
    const sql =
      action === 'start'
        ? `SAVEPOINT ${name}`
        : action === 'release'
          ? `RELEASE SAVEPOINT ${name}`
          : `ROLLBACK TO SAVEPOINT ${name}`;
    const connection = (await (
      runner as QueryRunner & { connect(): Promise<SqliteConnection> }
    ).connect()) as SqliteConnection;
    await new Promise<void>((resolve, reject) =>
      connection.exec(sql, (error) =>
        error ? reject(new QueryFailedError(sql, [], error)) : resolve(),
      ),
    );
    this.setTransactionState(runner, true, action === 'start' ? depth + 1 : depth - 1);
  }

  /** Keeps TypeORM's bookkeeping of a query runner in step with its connection. */
  private setTransactionState(runner: QueryRunner, active: boolean, depth: number): void {
    const state = runner as QueryRunner & {
      isTransactionActive: boolean;
      transactionDepth?: number;
    };
    state.isTransactionActive = active;
    if (typeof state.transactionDepth === 'number') state.transactionDepth = depth;
  }

  private async runMaintenanceJob(job: PendingMaintenance): Promise<void> {
    try {
      job.resolve(await job.maintenance(this.dataSource.manager));
    } catch (error) {
      job.reject(error);
    }
  }
}

/** The slice of node-sqlite3's Database used for savepoints. */
interface SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
}

/** The staged states of one commit group, in the order participants first joined it. */
class GroupStates implements CommitGroup {
  private readonly states = new Map<GroupParticipant<unknown>, unknown>();

  stateOf<S>(participant: GroupParticipant<S>): S {
    const key = participant as GroupParticipant<unknown>;
    if (!this.states.has(key)) this.states.set(key, participant.createGroupState());
    return this.states.get(key) as S;
  }

  entries(): [GroupParticipant<unknown>, unknown][] {
    return [...this.states.entries()];
  }
}

export class WriteQueueClosedError extends DomainError {
  constructor() {
    super('SHUTTING_DOWN', 'the global store is shutting down and accepts no more writes');
    this.name = 'WriteQueueClosedError';
  }
}

/**
 * Hands a broken PostgreSQL connection back with the error, so node-postgres' pool closes it
 * instead of lending it out again (QueryRunner.release() takes no error).
 */
async function discardConnection(runner: QueryRunner, error: unknown): Promise<void> {
  const postgres = runner as QueryRunner & {
    releasePostgresConnection?: (error?: Error) => Promise<void>;
  };
  const reason = error instanceof Error ? error : new Error(String(error));
  if (postgres.releasePostgresConnection) await postgres.releasePostgresConnection(reason);
  else await runner.release();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
