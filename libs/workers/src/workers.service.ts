import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CLOCK,
  Clock,
  DeadlineHeap,
  DomainError,
  InvalidArgumentError,
  isLocalOnlyAddress,
  requireNonEmpty,
  requirePort,
  quoteClientValue,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import {
  IdempotencyStore,
  WriteQueue,
  WriteTransaction,
  requestFingerprint,
} from '../../persistence/src';
import { EMPTY_STATE_CHECKSUM } from './state-checksum';
import { WorkerEntity } from './worker.entity';
import { updateWorkersByCase } from './worker-rows-sql';
import {
  deleteWorker,
  WorkerCursor,
  findWorker,
  findWorkerCursor,
  findWorkerOfDaemon,
  loadWorkers,
  saveWorker,
  updateWorker,
  updateWorkerCursor,
} from './worker-records';
import {
  DeactivationReason,
  EMPTY_INVENTORY,
  WorkerInventory,
  WorkerLifecycleListener,
} from './worker-inventory';
import { WorkerState, WorkersMetrics } from './workers.metrics';

export interface RegisterWorkerInput {
  nodeId: string;
  nodeAddress: string;
  grpcPort: number;
  p2pPort: number;
  memPoolTotalSize: number;
  memPoolAvailableSize: number;
  isRecoveryRegistration: boolean;
  previousWorkerId: string;
  daemonId: string;
  capabilityFlags: number;
}

export interface RegisterWorkerResult {
  workerId: string;
  heartbeatIntervalMs: number;
  stateSyncRequired: boolean;
  expectedStateVersion: number;
  reconcileGeneration: number;
}

export interface HeartbeatInput {
  workerId: string;
  memPoolAvailableSize: number;
  acceptingNewRequests: boolean;
  stateVersion: number;
  stateChecksum: string;
  registeredArtifactIds: readonly string[];
  capabilityFlags: number | undefined;
}

export type HeartbeatResult =
  | { found: false }
  | {
      found: true;
      stateSyncRequired: boolean;
      expectedStateVersion: number;
      obsoleteReplicas: string[];
      serverTimeMs: number;
    };

export type WorkerConnection = 'CONNECTED' | 'RECONNECTING' | 'DISCONNECTED';

export interface WorkerView {
  readonly worker: Readonly<WorkerEntity>;
  readonly connection: WorkerConnection;
}

/** Fields of the per-worker sync cursor that reconcile and the replica registry move. */
export interface WorkerStatePatch {
  reconcileGeneration: number;
  reconcileRequestSeq: number;
  stateVersion?: number;
}

const HEARTBEAT_FLUSH_MS = 1000;
const HEARTBEAT_FLUSH_CHUNK = 200;

type HeartbeatFields = Pick<
  WorkerEntity,
  | 'workerId'
  | 'lastHeartbeatAt'
  | 'memPoolAvailableSize'
  | 'acceptingNewRequests'
  | 'capabilityFlags'
>;
const SWEEP_TICK_MS = 250;

/**
 * Worker identity, liveness and the per-worker sync cursor. All workers live in memory
 * (a cluster has thousands, not millions): heartbeats touch memory only and are persisted
 * in batches, while identity changes are committed before the RPC answers.
 */
@Injectable()
export class WorkersService implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('WorkersService');
  private readonly workers = new Map<string, WorkerEntity>();
  private readonly byDaemon = new Map<string, string>();
  /**
   * Restored from disk and not yet re-confirmed by a heartbeat or registration, with the end
   * of the grace period the restart gave them. Kept apart from lastHeartbeatAt, which stays
   * the last heartbeat actually received (RPC answers and the database report it).
   */
  private readonly unconfirmedUntil = new Map<string, number>();
  private readonly dirtyHeartbeats = new Set<string>();
  /**
   * Of dirtyHeartbeats, the workers whose heartbeats changed more than the time (pool size,
   * accepting flag, capability flags): only these rewrite those columns at the flush. For the
   * rest memory already equals the row (every other write of those columns writes both), so
   * the flush binds 3 parameters per worker instead of 9.
   */
  private readonly dirtyFields = new Set<string>();
  private readonly deadlines = new DeadlineHeap<string>();
  private readonly queuedDeadline = new Set<string>();
  private readonly listeners: WorkerLifecycleListener[] = [];
  private inventory: WorkerInventory = EMPTY_INVENTORY;
  private sweepTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushInFlight: Promise<number> | undefined;
  private readonly timeoutMs: number;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: WorkersMetrics,
  ) {
    this.timeoutMs = config.worker_policy.heartbeat_timeout;
    metrics.countWith(() => this.countWorkersByState());
  }

  attachInventory(inventory: WorkerInventory): void {
    this.inventory = inventory;
  }

  onWorkerDeactivated(listener: WorkerLifecycleListener): void {
    this.listeners.push(listener);
  }

  /** Loads every worker; active ones come back stale with a fresh grace period. */
  async recover(): Promise<{ workers: number; stale: number }> {
    const rows = await loadWorkers(this.dataSource.manager);
    const now = this.clock.now();
    for (const row of rows) {
      this.remember(row);
      if (!row.inactive) {
        // The outage was ours, not the worker's: it gets a full timeout to heartbeat again.
        this.unconfirmedUntil.set(row.workerId, now + this.timeoutMs);
        this.scheduleDeadline(row.workerId, now + this.timeoutMs);
      }
    }
    return { workers: rows.length, stale: this.unconfirmedUntil.size };
  }

  /** Starts the liveness sweep and the heartbeat flusher. */
  startBackgroundWork(): void {
    this.sweepTimer ??= setInterval(() => void this.sweepExpired(), SWEEP_TICK_MS);
    // A failed flush (database unreachable) keeps the workers dirty for the next tick; it
    // must not become an unhandled rejection, which would end the process.
    this.flushTimer ??= setInterval(
      () =>
        void this.flushHeartbeats().catch((error: unknown) =>
          this.logger.warn(`heartbeat flush failed (will retry): ${String(error)}`),
        ),
      HEARTBEAT_FLUSH_MS,
    );
    this.sweepTimer.unref();
    this.flushTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.sweepTimer = this.flushTimer = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flushInFlight?.catch(() => 0);
    await this.flushHeartbeats().catch((error: unknown) =>
      this.logger.warn(`final heartbeat flush failed: ${String(error)}`),
    );
  }

  async registerWorker(input: RegisterWorkerInput): Promise<RegisterWorkerResult> {
    const daemonId = requireNonEmpty('daemon_id', input.daemonId);
    const nodeId = requireNonEmpty('node_id', input.nodeId);
    const nodeAddress = requireNonEmpty('node_address', input.nodeAddress);
    const grpcPort = requirePort('grpc_port', input.grpcPort);
    const p2pPort = requirePort('p2p_port', input.p2pPort);
    if (!this.config.worker_policy.allow_loopback_addresses && isLocalOnlyAddress(nodeAddress)) {
      throw new InvalidArgumentError(
        'node_address',
        `${quoteClientValue(nodeAddress)} is a loopback or unspecified address other nodes cannot reach ` +
          '(set worker_policy.allow_loopback_addresses for local development)',
      );
    }
    if (input.memPoolAvailableSize > input.memPoolTotalSize) {
      throw new InvalidArgumentError(
        'mem_pool_available_size',
        `exceeds mem_pool_total_size (${input.memPoolAvailableSize} > ${input.memPoolTotalSize})`,
      );
    }
    const previousWorkerId = input.previousWorkerId.trim();

    return this.writes.run(async (tx) => {
      const now = this.clock.now();
      const previous = previousWorkerId ? this.workers.get(previousWorkerId) : undefined;
      // The flag only tells us why the daemon sends previous_worker_id; ownership is checked
      // either way, or any daemon could take over another's worker and its replicas.
      if (previous && previous.daemonId !== daemonId) {
        throw new DomainError(
          'WORKER_OWNED_BY_OTHER_DAEMON',
          `previous_worker_id: worker ${quoteClientValue(previousWorkerId)} belongs to daemon ${quoteClientValue(previous.daemonId)}, not ${quoteClientValue(daemonId)}`,
          'previous_worker_id',
        );
      }
      // A daemon registered earlier in this same commit group is not in memory yet; without
      // this read its second registration would insert a duplicate daemon_id row.
      const known = this.workerOfDaemon(daemonId) ?? (await findWorkerOfDaemon(tx, daemonId));
      const holder = this.workerAtEndpoint(nodeAddress, grpcPort, known?.workerId);
      if (holder && holder.daemonId !== daemonId && this.isLive(holder, now)) {
        throw new DomainError(
          'WORKER_ADDRESS_CONFLICT',
          `node_address: ${quoteClientValue(nodeAddress)} port ${grpcPort} is held by active worker ${holder.workerId} ` +
            `of daemon ${quoteClientValue(holder.daemonId)}`,
          'node_address',
        );
      }
      const takeover = !known && holder && !this.isLive(holder, now) ? holder : undefined;
      const inMemory = known ?? takeover;
      // The row as this transaction sees it: memory follows commits, so a reconcile or
      // deactivation earlier in the same commit group is visible only here.
      const existing = inMemory
        ? ((await findWorker(tx, inMemory.workerId)) ?? inMemory)
        : undefined;
      const comingBack = !existing || existing.inactive || takeover !== undefined;

      const row: WorkerEntity = Object.assign(new WorkerEntity(), existing ?? {}, {
        workerId: existing?.workerId ?? newWorkerId(nodeId),
        daemonId,
        nodeId,
        nodeAddress,
        grpcPort,
        p2pPort,
        memPoolTotalSize: input.memPoolTotalSize,
        memPoolAvailableSize: input.memPoolAvailableSize,
        acceptingNewRequests: true,
        capabilityFlags: input.capabilityFlags,
        inactive: false,
        registeredAt: existing?.registeredAt ?? now,
        lastHeartbeatAt: now,
        reconcileGeneration: (existing?.reconcileGeneration ?? 0) + 1,
        reconcileRequestSeq: 0,
      });
      let moved = 0;
      if (previous && previous.workerId !== row.workerId) {
        moved = await this.inventory.moveReplicas(tx, previous.workerId, row.workerId);
        await updateWorker(tx, previous.workerId, {
          inactive: true,
          acceptingNewRequests: false,
        });
      }
      const hasReplicas = this.inventory.hasReplicas(tx, row.workerId);
      if (comingBack || moved > 0) {
        row.stateVersion = 1;
        if (!existing && moved === 0) row.stateChecksum = EMPTY_STATE_CHECKSUM;
        // The replica owner stores the checksum once for the whole commit group.
        else this.inventory.touchWorker(tx, row.workerId);
      }
      await saveWorker(tx, row);
      tx.afterCommit(() => {
        if (previous && previous.workerId !== row.workerId) {
          previous.inactive = true;
          previous.acceptingNewRequests = false;
          this.forgetDaemon(previous);
        }
        if (takeover) this.forgetDaemon(takeover);
        row.stateChecksum = this.inventory.stateChecksumOf(row.workerId);
        this.remember(row);
        this.unconfirmedUntil.delete(row.workerId);
        this.dirtyHeartbeats.delete(row.workerId);
        this.dirtyFields.delete(row.workerId);
        this.scheduleDeadline(row.workerId, now + this.timeoutMs);
        this.metrics.registrations.inc();
      });
      this.logger.log(
        `registered worker ${row.workerId} (daemon ${daemonId}, ${nodeAddress}:${grpcPort}, ` +
          `generation ${row.reconcileGeneration}${input.isRecoveryRegistration ? ', recovery' : ''})`,
      );
      return {
        workerId: row.workerId,
        heartbeatIntervalMs: this.config.worker_policy.default_heartbeat_interval,
        stateSyncRequired: input.isRecoveryRegistration || hasReplicas,
        expectedStateVersion: row.stateVersion,
        reconcileGeneration: row.reconcileGeneration,
      };
    });
  }

  heartbeat(input: HeartbeatInput): HeartbeatResult {
    const workerId = requireNonEmpty('worker_id', input.workerId);
    if (!(input.stateVersion >= 1)) {
      throw new InvalidArgumentError(
        'state_version',
        `must be >= 1 (got ${quoteClientValue(input.stateVersion)})`,
      );
    }
    const worker = this.workers.get(workerId);
    const now = this.clock.now();
    if (!worker || worker.inactive) return { found: false };
    if (!this.isLive(worker, now)) {
      // Timed out but not yet swept: the verdict is the same as after the sweep.
      this.scheduleDeadlineNow(workerId, now);
      return { found: false };
    }
    if (
      worker.memPoolAvailableSize !== input.memPoolAvailableSize ||
      worker.acceptingNewRequests !== input.acceptingNewRequests ||
      (input.capabilityFlags !== undefined && worker.capabilityFlags !== input.capabilityFlags)
    ) {
      this.dirtyFields.add(workerId);
    }
    worker.lastHeartbeatAt = now;
    worker.memPoolAvailableSize = input.memPoolAvailableSize;
    worker.acceptingNewRequests = input.acceptingNewRequests;
    if (input.capabilityFlags !== undefined) worker.capabilityFlags = input.capabilityFlags;
    this.unconfirmedUntil.delete(workerId);
    this.dirtyHeartbeats.add(workerId);
    this.scheduleDeadline(workerId, now + this.timeoutMs);

    const obsoleteReplicas = [...new Set(input.registeredArtifactIds)].filter(
      (id) => id !== '' && !this.inventory.holds(workerId, id),
    );
    const behind = input.stateVersion < worker.stateVersion;
    const checksumDiffers =
      input.stateChecksum !== '' &&
      input.stateChecksum !== this.inventory.stateChecksumOf(workerId);
    return {
      found: true,
      stateSyncRequired: behind || checksumDiffers || obsoleteReplicas.length > 0,
      expectedStateVersion: worker.stateVersion,
      obsoleteReplicas,
      serverTimeMs: now,
    };
  }

  /** Returns false for an unknown worker; unregistering an inactive one again is fine. */
  async unregisterWorker(workerId: string, clientRequestId?: string): Promise<boolean> {
    const id = requireNonEmpty('worker_id', workerId);
    const fingerprint = requestFingerprint({ worker_id: id });
    const { found } = await this.writes.run((tx) =>
      this.idempotency.execute(tx, 'UnregisterWorker', clientRequestId, fingerprint, async () => {
        const worker = this.workers.get(id);
        if (!worker) return { found: false };
        if (!worker.inactive) await this.deactivateInTransaction(tx, worker, 'graceful');
        return { found: true };
      }),
    );
    return found;
  }

  listActiveWorkers(includeUnavailable: boolean, requiredCapabilityFlags: number): WorkerView[] {
    const now = this.clock.now();
    const required = BigInt(requiredCapabilityFlags);
    const views: WorkerView[] = [];
    for (const worker of this.workers.values()) {
      // As upstream: include_unavailable also lists timed-out and inactive workers
      // (DISCONNECTED), so a daemon can see peers that went away.
      if (!includeUnavailable && (!this.isLive(worker, now) || !worker.acceptingNewRequests)) {
        continue;
      }
      if ((BigInt(worker.capabilityFlags) & required) !== required) continue;
      views.push({ worker, connection: this.connectionOf(worker, now) });
    }
    return views.sort((a, b) => b.worker.lastHeartbeatAt - a.worker.lastHeartbeatAt);
  }

  /** Every known worker in every state, with its connection as judged now (admin listings). */
  listAllWorkers(): WorkerView[] {
    const now = this.clock.now();
    return [...this.workers.values()].map((worker) => ({
      worker,
      connection: this.connectionOf(worker, now),
    }));
  }

  /**
   * Forgets a worker for good (an operator's force-leave): deletes its row in the caller's
   * transaction, after the caller removed its replicas; memory follows after the commit. A
   * daemon that was not dead after all gets NOT_FOUND on its next heartbeat and re-registers.
   */
  async removeInTransaction(tx: WriteTransaction, workerId: string): Promise<void> {
    await deleteWorker(tx, workerId);
    tx.afterCommit(() => {
      const worker = this.workers.get(workerId);
      if (!worker) return;
      this.workers.delete(workerId);
      this.forgetDaemon(worker);
      this.unconfirmedUntil.delete(workerId);
      this.dirtyHeartbeats.delete(workerId);
      this.dirtyFields.delete(workerId);
      if (!worker.inactive) this.metrics.deregistrations.inc({ reason: 'removed' });
    });
  }

  /** Active and not timed out: may own registrations and replicas. */
  getActiveWorker(workerId: string): Readonly<WorkerEntity> | undefined {
    const worker = this.workers.get(workerId);
    return worker && this.isLive(worker, this.clock.now()) ? worker : undefined;
  }

  getWorker(workerId: string): Readonly<WorkerEntity> | undefined {
    return this.workers.get(workerId);
  }

  /**
   * Every node with a known worker, and whether one of its workers is active (registered,
   * not timed out). One pass over memory: callers batch their questions.
   */
  nodeActivity(): Map<string, boolean> {
    const now = this.clock.now();
    const nodes = new Map<string, boolean>();
    for (const worker of this.workers.values()) {
      if (this.isLive(worker, now)) nodes.set(worker.nodeId, true);
      else if (!nodes.has(worker.nodeId)) nodes.set(worker.nodeId, false);
    }
    return nodes;
  }

  get workerCount(): number {
    return this.workers.size;
  }

  /**
   * The worker row as this transaction sees it. Reconcile judges (generation, request_seq)
   * by this, not by memory: memory follows only after the group commit, so two requests in
   * one group would otherwise both pass the sequence check.
   */
  async readWorkerInTransaction(
    tx: WriteTransaction,
    workerId: string,
  ): Promise<Readonly<WorkerCursor> | undefined> {
    return findWorkerCursor(tx, workerId);
  }

  /**
   * Persists a change to a worker's sync cursor inside the caller's transaction; memory
   * follows after the commit.
   */
  async updateState(
    tx: WriteTransaction,
    workerId: string,
    patch: WorkerStatePatch,
  ): Promise<void> {
    await updateWorkerCursor(tx, workerId, patch);
    tx.afterCommit(() => {
      const worker = this.workers.get(workerId);
      if (worker) Object.assign(worker, patch);
    });
  }

  /**
   * Stores state checksums computed by the replicas' owner, for a whole commit group: one
   * UPDATE per chunk of workers (CASE on worker_id), inside the group's transaction.
   */
  async storeChecksums(
    manager: EntityManager,
    checksums: ReadonlyMap<string, string>,
  ): Promise<void> {
    const entries = [...checksums];
    for (let i = 0; i < entries.length; i += HEARTBEAT_FLUSH_CHUNK) {
      const chunk = entries.slice(i, i + HEARTBEAT_FLUSH_CHUNK);
      await updateWorkersByCase(manager, [{ name: 'state_checksum' }], chunk);
    }
  }

  /** After the commit of storeChecksums: memory follows. */
  noteChecksums(checksums: ReadonlyMap<string, string>): void {
    for (const [workerId, checksum] of checksums) {
      const worker = this.workers.get(workerId);
      if (worker) worker.stateChecksum = checksum;
    }
  }

  /** Recovery: the workers whose stored checksum is not the one their replicas give. */
  workersWithChecksumOtherThan(expected: (workerId: string) => string): Map<string, string> {
    const differing = new Map<string, string>();
    for (const worker of this.workers.values()) {
      const checksum = expected(worker.workerId);
      if (worker.stateChecksum !== checksum) differing.set(worker.workerId, checksum);
    }
    return differing;
  }

  /** Pops due deadlines and deactivates workers whose last heartbeat is too old. */
  async sweepExpired(): Promise<number> {
    const now = this.clock.now();
    let expired = 0;
    const neverReconfirmed: string[] = [];
    for (const { key } of this.deadlines.popDue(now)) {
      this.queuedDeadline.delete(key);
      const worker = this.workers.get(key);
      if (!worker || worker.inactive) continue;
      const deadline = this.deadlineOf(worker);
      if (deadline > now) {
        this.scheduleDeadline(key, deadline);
        continue;
      }
      expired += 1;
      const unconfirmed = this.unconfirmedUntil.has(key);
      try {
        await this.writes.run((tx) => this.deactivateInTransaction(tx, worker, 'timeout'));
        if (unconfirmed) neverReconfirmed.push(worker.workerId);
        else
          this.logger.warn(
            `worker ${worker.workerId} timed out (no heartbeat for ${now - worker.lastHeartbeatAt} ms)`,
          );
      } catch (error) {
        this.logger.error(`could not deactivate worker ${worker.workerId}: ${String(error)}`);
        this.scheduleDeadline(key, now + 1000);
      }
    }
    if (neverReconfirmed.length > 0) {
      // After a restart hundreds of workers may time out in the same sweep: one line, not one each.
      const shown = neverReconfirmed.slice(0, 5).join(', ');
      const more = neverReconfirmed.length > 5 ? ` and ${neverReconfirmed.length - 5} more` : '';
      this.logger.warn(
        `${neverReconfirmed.length} worker(s) restored at startup were not re-confirmed by a ` +
          `heartbeat or registration within ${this.timeoutMs} ms and are now inactive: ${shown}${more}`,
      );
    }
    return expired;
  }

  /** Writes the heartbeat fields of every worker heard from since the last flush. */
  async flushHeartbeats(): Promise<number> {
    // One flush at a time: under a write backlog a new one would only queue behind the last.
    if (this.dirtyHeartbeats.size === 0 || this.flushInFlight) return 0;
    this.flushInFlight = this.writeDirtyHeartbeats();
    try {
      return await this.flushInFlight;
    } finally {
      this.flushInFlight = undefined;
    }
  }

  private async writeDirtyHeartbeats(): Promise<number> {
    const batch = [...this.dirtyHeartbeats].flatMap((id) => {
      const worker = this.workers.get(id);
      return worker ? [worker] : [];
    });
    const withFields = new Set([...this.dirtyFields].filter((id) => this.workers.has(id)));
    this.dirtyHeartbeats.clear();
    this.dirtyFields.clear();
    const snapshot = batch.map((w) => ({
      workerId: w.workerId,
      lastHeartbeatAt: w.lastHeartbeatAt,
      memPoolAvailableSize: w.memPoolAvailableSize,
      acceptingNewRequests: w.acceptingNewRequests,
      capabilityFlags: w.capabilityFlags,
    }));
    const full = snapshot.filter((w) => withFields.has(w.workerId));
    const timeOnly = snapshot.filter((w) => !withFields.has(w.workerId));
    try {
      await this.writes.run(async (tx) => {
        for (let i = 0; i < full.length; i += HEARTBEAT_FLUSH_CHUNK) {
          await this.writeHeartbeatChunk(tx, full.slice(i, i + HEARTBEAT_FLUSH_CHUNK));
        }
        for (let i = 0; i < timeOnly.length; i += HEARTBEAT_FLUSH_CHUNK) {
          await updateWorkersByCase(
            tx.manager,
            [{ name: 'last_heartbeat_at', cast: 'bigint' }],
            timeOnly
              .slice(i, i + HEARTBEAT_FLUSH_CHUNK)
              .map((w) => [w.workerId, w.lastHeartbeatAt]),
            true,
          );
        }
      });
    } catch (error) {
      for (const w of batch) this.dirtyHeartbeats.add(w.workerId);
      for (const id of withFields) this.dirtyFields.add(id);
      throw error;
    }
    return snapshot.length;
  }

  /**
   * One UPDATE for a chunk of workers (CASE per column) instead of one per worker: with
   * thousands of workers the flush would otherwise hold the write queue for a noticeable
   * time every second. Inactive rows are skipped so a flush never revives a deactivated row.
   */
  private async writeHeartbeatChunk(
    tx: WriteTransaction,
    chunk: readonly HeartbeatFields[],
  ): Promise<void> {
    await updateWorkersByCase(
      tx.manager,
      [
        { name: 'last_heartbeat_at', cast: 'bigint' },
        { name: 'mem_pool_available_size', cast: 'bigint' },
        { name: 'accepting_new_requests', cast: 'boolean' },
        { name: 'capability_flags', cast: 'bigint' },
      ],
      chunk.map((w) => [
        w.workerId,
        w.lastHeartbeatAt,
        w.memPoolAvailableSize,
        w.acceptingNewRequests,
        w.capabilityFlags,
      ]),
      true,
    );
  }

  private async deactivateInTransaction(
    tx: WriteTransaction,
    worker: WorkerEntity,
    reason: DeactivationReason,
  ): Promise<void> {
    // The replicas' owner stores the new checksum with the rest of the commit group.
    await this.inventory.markWorkerReplicasUnavailable(tx, worker.workerId);
    await updateWorker(tx, worker.workerId, {
      inactive: true,
      acceptingNewRequests: false,
      lastHeartbeatAt: worker.lastHeartbeatAt,
    });
    tx.afterCommit(() => {
      worker.inactive = true;
      worker.acceptingNewRequests = false;
      this.unconfirmedUntil.delete(worker.workerId);
      this.dirtyHeartbeats.delete(worker.workerId);
      this.dirtyFields.delete(worker.workerId);
      this.metrics.deregistrations.inc({ reason });
      for (const listener of this.listeners) {
        Promise.resolve(listener.workerDeactivated(worker.workerId, reason)).catch(
          (error: unknown) =>
            this.logger.error(
              `deactivation listener failed for ${worker.workerId}: ${String(error)}`,
            ),
        );
      }
    });
  }

  private isLive(worker: WorkerEntity, now: number): boolean {
    return !worker.inactive && now <= this.deadlineOf(worker);
  }

  /** Until when the worker counts as live: its last heartbeat, or a restart's grace period. */
  private deadlineOf(worker: WorkerEntity): number {
    const heard = worker.lastHeartbeatAt + this.timeoutMs;
    const grace = this.unconfirmedUntil.get(worker.workerId);
    return grace === undefined ? heard : Math.max(heard, grace);
  }

  private connectionOf(worker: WorkerEntity, now: number): WorkerConnection {
    if (this.unconfirmedUntil.has(worker.workerId) && this.isLive(worker, now)) {
      return 'RECONNECTING';
    }
    const age = now - worker.lastHeartbeatAt;
    if (worker.inactive || age > 2 * this.timeoutMs) return 'DISCONNECTED';
    if (age > this.timeoutMs || !worker.acceptingNewRequests) return 'RECONNECTING';
    return 'CONNECTED';
  }

  private workerOfDaemon(daemonId: string): WorkerEntity | undefined {
    const id = this.byDaemon.get(daemonId);
    return id === undefined ? undefined : this.workers.get(id);
  }

  private workerAtEndpoint(
    address: string,
    port: number,
    exceptId?: string,
  ): WorkerEntity | undefined {
    let found: WorkerEntity | undefined;
    for (const w of this.workers.values()) {
      if (w.workerId === exceptId || w.nodeAddress !== address || w.grpcPort !== port) continue;
      // Prefer a live holder: that is the one that conflicts.
      if (!found || (!w.inactive && found.inactive)) found = w;
    }
    return found;
  }

  private remember(row: WorkerEntity): void {
    this.workers.set(row.workerId, row);
    this.byDaemon.set(row.daemonId, row.workerId);
  }

  private forgetDaemon(row: WorkerEntity): void {
    if (this.byDaemon.get(row.daemonId) === row.workerId) this.byDaemon.delete(row.daemonId);
  }

  private scheduleDeadlineNow(workerId: string, now: number): void {
    this.deadlines.push(now, workerId);
    this.queuedDeadline.add(workerId);
  }

  private scheduleDeadline(workerId: string, at: number): void {
    if (this.queuedDeadline.has(workerId)) return;
    this.queuedDeadline.add(workerId);
    this.deadlines.push(at, workerId);
  }

  /** Evaluated when /metrics is scraped, not on every change. */
  countActiveWorkers(): number {
    return this.countWorkersByState().active;
  }

  /**
   * active: heard from within the timeout since the last start; unconfirmed: restored at
   * startup and still in the restart's grace period, not heard from yet; inactive: the rest.
   */
  countWorkersByState(): Record<WorkerState, number> {
    const now = this.clock.now();
    const counts: Record<WorkerState, number> = { active: 0, unconfirmed: 0, inactive: 0 };
    for (const worker of this.workers.values()) {
      if (!this.isLive(worker, now)) counts.inactive += 1;
      else if (this.unconfirmedUntil.has(worker.workerId)) counts.unconfirmed += 1;
      else counts.active += 1;
    }
    return counts;
  }
}

function newWorkerId(nodeId: string): string {
  return `worker_${nodeId}_${randomBytes(4).toString('hex')}`;
}
