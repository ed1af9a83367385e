import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
  requirePort,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import {
  ReplicaLifecycleListener,
  ReplicaRecord,
  ReplicaStore,
  toMemoryInfoWire,
} from '../../artifacts/src';
import { CommittedReads, WriteQueue, WriteTransaction } from '../../persistence/src';
import { DeactivationReason, WorkerLifecycleListener, WorkersService } from '../../workers/src';
import { TransportEntity, TransportOutcome } from './transport.entity';
import {
  completeIfInProgress,
  deleteCompletedBefore,
  findTransport,
  groupedTransports,
  inProgressTransports,
  insertTransport,
  latestTransportOf,
  transportsCreatedBetween,
} from './transport-records';
import {
  GroupProgress,
  RoutedCandidate,
  SchedulingGroup,
  TransportPayload,
  WireGroup,
  compareQueued,
  compareSources,
  endedUnsuccessfully,
  expiryThresholdMs,
  groupKeyOf,
  isExportable,
  parseOutcome,
  parseRequestedView,
  parseSchedulingGroup,
  parseUuid,
  parseWaitMs,
  payloadFingerprint,
  routeFor,
} from './transport-rules';
import { TransportsMetrics } from './transports.metrics';

export interface RequestTransportInput {
  artifactId: string;
  waitTimeout: { seconds?: string | number; nanos?: number } | null | undefined;
  sourceNodeId: string;
  sourceAddress: string;
  sourcePort: number;
  requestedByteSpace: { kind?: string | number; id?: string } | null | undefined;
  schedulingGroup: WireGroup | null | undefined;
  requesterWorkerId: string;
  requestId: string;
  /** The caller went away: leave the queue. */
  signal?: AbortSignal;
}

/** A copy of a committed replica whose request count a grant round counts up. */
type ClaimableReplica = { -readonly [K in keyof ReplicaRecord]: ReplicaRecord[K] };

/** The granted answer in wire shape, as stored for replay. */
export type GrantedResponse = Record<string, unknown>;

export type RequestTransportResult =
  | { kind: 'granted' | 'replayed'; response: GrantedResponse }
  | { kind: 'not_found' }
  | { kind: 'timed_out' };

export type CompleteResult = 'completed' | 'already_completed' | 'not_found';

export interface TransportWindowQuery {
  startMs: number | undefined;
  endMs: number | undefined;
  limit: number;
}

interface ActiveTransport {
  transportId: string;
  replicaId: string;
  artifactId: string;
  requestId: string;
  fingerprint: string;
  requesterWorkerId: string;
  sourceWorkerId: string;
  groupKey: string | undefined;
  createdAt: number;
  response: GrantedResponse;
}

interface GroupState {
  artifactId: string;
  viewId: string;
  totalParts: number;
  /** part_id → the request_id that owns it. */
  parts: Map<string, string>;
  succeededParts: Set<string>;
  inProgress: number;
  waiting: number;
  lastActivity: number;
}

interface Waiter {
  seq: number;
  payload: TransportPayload;
  fingerprint: string;
  requestId: string;
  groupKey: string | undefined;
  priority: number;
  enqueuedAt: number;
  settled: boolean;
  timer?: NodeJS.Timeout;
  settle: (result: RequestTransportResult | Error) => void;
}

type SlotListener = (replicaId: string) => void;

const DEFAULT_WINDOW_LIMIT = 200_000;
const MAX_WINDOW_LIMIT = 1_000_000;
/**
 * Waiters re-check their artifact this often as well as on every slot release and replica
 * change: a worker's accepting flag or liveness changes with no event to wake them.
 */
const REQUEUE_TICK_MS = 500;

/**
 * RequestReplicaTransport / CompleteReplicaTransport / QueryTransportWindow, and the slot
 * counter behind WaitReplicaDrain. A grant claims one slot of the source replica's
 * max_concurrency (its current_requests, in the same transaction as the transport row);
 * completion, expiry and cancellation release it exactly once, because each is a
 * conditional in_progress → completed transition judged inside the write transaction.
 *
 * In-progress transports, their per-replica counts, scheduling groups and the wait queue
 * live in memory; completed rows live only in the database until transports.retention.
 */
@Injectable()
export class TransportsService
  implements OnModuleInit, OnModuleDestroy, ReplicaLifecycleListener, WorkerLifecycleListener
{
  private readonly logger = new Logger('Transports');
  private readonly inProgress = new Map<string, ActiveTransport>();
  private readonly byReplica = new Map<string, Set<string>>();
  private readonly byRequestId = new Map<string, string>();
  private readonly groups = new Map<string, GroupState>();
  private readonly queues = new Map<string, Waiter[]>();
  private readonly dispatching = new Set<string>();
  private readonly redispatch = new Set<string>();
  private readonly slotListeners = new Set<SlotListener>();
  private readonly deletedListeners = new Set<SlotListener>();
  private seq = 0;
  private queuedCount = 0;
  private sweepTimer: NodeJS.Timeout | undefined;
  private requeueTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly reads: CommittedReads,
    private readonly replicas: ReplicaStore,
    private readonly workers: WorkersService,
    private readonly metrics: TransportsMetrics,
  ) {
    metrics.countWith(
      () => this.inProgress.size,
      () => this.queuedCount,
    );
  }

  onModuleInit(): void {
    this.replicas.addLifecycleListener(this);
    this.workers.onWorkerDeactivated(this);
  }

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.requeueTimer) clearInterval(this.requeueTimer);
    this.sweepTimer = this.requeueTimer = undefined;
    for (const queue of this.queues.values()) {
      for (const waiter of queue) {
        this.settle(waiter, new DomainError('SHUTTING_DOWN', 'the Global Store is shutting down'));
      }
    }
  }

  /** Expiry and retention on the server's cleanup clock (worker_policy.cleanup_interval). */
  startBackgroundWork(): void {
    this.sweepTimer ??= setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.error(`transport sweep failed: ${String(error)}`),
      );
    }, this.config.worker_policy.cleanup_interval);
    this.requeueTimer ??= setInterval(() => {
      for (const artifactId of this.queues.keys()) this.wake(artifactId);
    }, REQUEUE_TICK_MS);
    this.sweepTimer.unref();
    this.requeueTimer.unref();
  }

  /**
   * Startup: in-flight transports keep their slots. The fetch runs between two daemons and
   * survives our restart; its requester completes it afterwards, and one that never does
   * expires by its original created_at. current_requests is recomputed from these rows.
   */
  async recover(): Promise<{ inProgress: number }> {
    const open = await inProgressTransports(this.dataSource.manager);
    const grouped = await groupedTransports(this.dataSource.manager);
    for (const row of grouped) {
      const key = groupKeyOf({ kind: row.groupKind, id: row.groupId, epoch: row.groupEpoch });
      const group = this.groupFor(
        key,
        row.artifactId,
        row.viewId,
        row.groupTotalParts,
        row.createdAt,
      );
      group.parts.set(row.groupPartId, row.requestId);
      if (row.outcome === 'success') group.succeededParts.add(row.groupPartId);
    }
    for (const row of open) this.track(row);
    const counts = new Map<string, number>();
    for (const [replicaId, ids] of this.byReplica) counts.set(replicaId, ids.size);
    await this.writes.run((tx) => this.replicas.resetRequestCounters(tx, counts));
    return { inProgress: open.length };
  }

  // ---- RequestReplicaTransport ----

  async requestTransport(input: RequestTransportInput): Promise<RequestTransportResult> {
    const payload: TransportPayload = {
      artifactId: requireNonEmpty('artifact_id', input.artifactId),
      viewId: parseRequestedView(input.requestedByteSpace),
      sourceNodeId: requireNonEmpty('source_node_id', input.sourceNodeId),
      sourceAddress: requireNonEmpty('source_address', input.sourceAddress),
      sourcePort: requirePort('source_port', input.sourcePort),
      requesterWorkerId: optionalString('requester_worker_id', input.requesterWorkerId),
      group: parseSchedulingGroup(input.schedulingGroup),
    };
    const waitMs = parseWaitMs(input.waitTimeout);
    const requestId = optionalString('request_id', input.requestId);
    const fingerprint = payloadFingerprint(payload);

    if (requestId !== '') {
      const replay = await this.replayOf(requestId, fingerprint);
      if (replay) {
        this.metrics.requests.inc({ result: 'replayed' });
        return { kind: 'replayed', response: replay };
      }
    }
    this.checkRequester(payload.requesterWorkerId);
    const groupKey = payload.group ? this.checkGroup(payload, payload.group, requestId) : undefined;

    const rows = this.replicas.committedOfArtifact(payload.artifactId);
    if (!rows.some((row) => routeFor(row.viewId, payload.viewId) !== undefined)) {
      this.metrics.requests.inc({ result: 'not_found' });
      return { kind: 'not_found' };
    }

    const started = this.clock.now();
    const result = await new Promise<RequestTransportResult | Error>((resolve) => {
      const waiter: Waiter = {
        seq: (this.seq += 1),
        payload,
        fingerprint,
        requestId,
        groupKey,
        priority: payload.group?.priority ?? 0,
        enqueuedAt: started,
        settled: false,
        settle: resolve,
      };
      this.enqueue(waiter);
      if (waitMs > 0) {
        waiter.timer = setTimeout(() => this.settle(waiter, { kind: 'timed_out' }), waitMs);
      }
      input.signal?.addEventListener('abort', () =>
        this.settle(waiter, new DomainError('PRECONDITION_FAILED', 'the caller cancelled')),
      );
      void (async () => {
        await this.dispatch(payload.artifactId);
        if (waitMs === 0 && !waiter.settled) {
          // wait_timeout_dur 0: one retry, after whatever committed meanwhile.
          await new Promise((r) => setImmediate(r));
          await this.dispatch(payload.artifactId);
          this.settle(waiter, { kind: 'timed_out' });
        }
      })().catch((error: unknown) => this.settle(waiter, error as Error));
    });
    if (result instanceof Error) throw result;
    this.metrics.requests.inc({ result: result.kind });
    if (result.kind === 'granted')
      this.metrics.waitSeconds.observe((this.clock.now() - started) / 1000);
    return result;
  }

  /** The answer a known request_id replays, if it should; a changed payload is refused. */
  private async replayOf(
    requestId: string,
    fingerprint: string,
  ): Promise<GrantedResponse | undefined> {
    const activeId = this.byRequestId.get(requestId);
    const active = activeId === undefined ? undefined : this.inProgress.get(activeId);
    const latest = active ?? (await latestTransportOf(this.dataSource.manager, requestId));
    if (!latest) {
      for (const queue of this.queues.values()) {
        for (const waiter of queue) {
          if (waiter.requestId === requestId && waiter.fingerprint !== fingerprint) {
            throw reusedRequestId(requestId);
          }
        }
      }
      return undefined;
    }
    if (latest.fingerprint !== fingerprint) throw reusedRequestId(requestId);
    if (
      'status' in latest &&
      latest.status === 'completed' &&
      endedUnsuccessfully(latest.outcome)
    ) {
      return undefined;
    }
    return latest.response;
  }

  /** One (kind, id, epoch) is one load: same artifact, view and size; one request per part. */
  private checkGroup(payload: TransportPayload, group: SchedulingGroup, requestId: string): string {
    const key = groupKeyOf(group);
    const known = this.groups.get(key);
    if (known) {
      if (
        known.artifactId !== payload.artifactId ||
        known.viewId !== payload.viewId ||
        known.totalParts !== group.totalParts
      ) {
        throw new InvalidArgumentError(
          'scheduling_group',
          `group ${group.kind}/${group.id} epoch ${group.epoch} is already a load of ` +
            `${known.artifactId}${known.viewId ? ` view ${known.viewId}` : ''} in ` +
            `${known.totalParts} parts`,
        );
      }
      const owner = known.parts.get(group.partId);
      if (owner !== undefined && owner !== requestId) {
        throw new InvalidArgumentError(
          'scheduling_group.part_id',
          `part ${group.partId} of group ${group.kind}/${group.id} belongs to another request_id`,
        );
      }
    }
    const state = this.groupFor(
      key,
      payload.artifactId,
      payload.viewId,
      group.totalParts,
      this.clock.now(),
    );
    state.parts.set(group.partId, requestId);
    return key;
  }

  /** A requester we know to be inactive gets nothing: its queued requests are cancelled too. */
  private checkRequester(requesterWorkerId: string): void {
    if (requesterWorkerId === '' || !this.requesterGone(requesterWorkerId)) return;
    throw new DomainError(
      'PRECONDITION_FAILED',
      `requester_worker_id: worker ${requesterWorkerId} is not active (re-register first)`,
      'requester_worker_id',
    );
  }

  private requesterGone(workerId: string): boolean {
    return (
      this.workers.getWorker(workerId) !== undefined && !this.workers.getActiveWorker(workerId)
    );
  }

  private enqueue(waiter: Waiter): void {
    let queue = this.queues.get(waiter.payload.artifactId);
    if (!queue) {
      queue = [];
      this.queues.set(waiter.payload.artifactId, queue);
    }
    queue.push(waiter);
    this.queuedCount += 1;
    const group = waiter.groupKey ? this.groups.get(waiter.groupKey) : undefined;
    if (group) group.waiting += 1;
  }

  private settle(waiter: Waiter, result: RequestTransportResult | Error): void {
    if (waiter.settled) return;
    waiter.settled = true;
    if (waiter.timer) clearTimeout(waiter.timer);
    this.queuedCount -= 1;
    const group = waiter.groupKey ? this.groups.get(waiter.groupKey) : undefined;
    if (group) group.waiting -= 1;
    const queue = this.queues.get(waiter.payload.artifactId);
    if (queue) {
      const index = queue.indexOf(waiter);
      if (index >= 0) queue.splice(index, 1);
      if (queue.length === 0) this.queues.delete(waiter.payload.artifactId);
    }
    waiter.settle(result);
  }

  /**
   * A dispatch nobody awaits (a release, a replica change, the re-check tick): a failure
   * (storage) leaves the waiters queued for the next wake or their timeout, and is logged.
   */
  private wake(artifactId: string): void {
    if (!this.queues.has(artifactId)) return;
    this.dispatch(artifactId).catch((error: unknown) =>
      this.logger.error(`transport dispatch for ${artifactId} failed: ${String(error)}`),
    );
  }

  /** One dispatch per artifact at a time; a wake during one runs another right after. */
  private async dispatch(artifactId: string): Promise<void> {
    if (this.dispatching.has(artifactId)) {
      this.redispatch.add(artifactId);
      return;
    }
    this.dispatching.add(artifactId);
    try {
      do {
        this.redispatch.delete(artifactId);
        await this.dispatchRound(artifactId);
      } while (this.redispatch.has(artifactId));
    } finally {
      this.dispatching.delete(artifactId);
    }
  }

  /**
   * Grants what can be granted now, in queue order, in one transaction: each grant claims
   * its slot with a conditional UPDATE (never past max_concurrency) and inserts its row.
   */
  private async dispatchRound(artifactId: string): Promise<void> {
    const waiting = (this.queues.get(artifactId) ?? []).filter((w) => !w.settled);
    if (waiting.length === 0) return;
    const replays: { waiter: Waiter; response: GrantedResponse }[] = [];
    const grants = await this.writes.run(async (tx) => {
      // Copies: the loop below counts claims on them; the store's records are never changed.
      // memoryInfo is named: records parse it on demand (a getter a spread does not copy).
      const rows = this.replicas
        .replicasOfArtifact(tx, artifactId)
        .map((r) => ({ ...r, memoryInfo: r.memoryInfo }));
      const done: { waiter: Waiter; transport: TransportEntity }[] = [];
      const now = this.clock.now();
      const progress = new Map<string, GroupProgress>();
      const progressOf = (key: string): GroupProgress | undefined => {
        if (!progress.has(key)) {
          const g = this.groups.get(key);
          if (!g) return undefined;
          progress.set(key, {
            inProgress: g.inProgress,
            succeeded: g.succeededParts.size,
            totalParts: g.totalParts,
          });
        }
        return progress.get(key);
      };
      const remaining = [...waiting];
      const claimedRequests = new Map<string, TransportEntity>();
      while (remaining.length > 0 && rows.some((r) => r.currentRequests < r.maxConcurrency)) {
        let bestIndex = 0;
        for (let i = 1; i < remaining.length; i += 1) {
          if (compareQueued(remaining[i], remaining[bestIndex], progressOf) < 0) bestIndex = i;
        }
        const [waiter] = remaining.splice(bestIndex, 1);
        if (waiter.settled) continue;
        if (waiter.requestId !== '') {
          const twin =
            claimedRequests.get(waiter.requestId) ?? this.activeByRequest(waiter.requestId);
          if (twin) {
            replays.push({ waiter, response: twin.response });
            continue;
          }
        }
        const source = this.pickSource(rows, waiter.payload);
        if (!source) continue;
        if (!(await this.replicas.claimRequestSlot(tx, source.replica.replicaId))) {
          source.replica.currentRequests = source.replica.maxConcurrency;
          continue;
        }
        source.replica.currentRequests += 1;
        const transport = this.newTransport(
          waiter,
          source.replica as ClaimableReplica,
          source.route,
          now,
        );
        await insertTransport(tx, transport);
        if (waiter.requestId !== '') claimedRequests.set(waiter.requestId, transport);
        if (waiter.groupKey) {
          const p = progressOf(waiter.groupKey);
          if (p) p.inProgress += 1;
        }
        done.push({ waiter, transport });
      }
      tx.afterCommit(() => {
        for (const { transport } of done) this.track(transport);
      });
      return done;
    });
    for (const { waiter, response } of replays) this.settle(waiter, { kind: 'replayed', response });
    for (const { waiter, transport } of grants) {
      if (waiter.settled) {
        // It timed out or its caller left while the grant was committing: nobody will
        // complete this transport, so give the slot back now rather than at expiry.
        this.completeTransport(
          transport.transportId,
          'TRANSPORT_COMPLETION_OUTCOME_CANCELLED',
          'the requester stopped waiting before the grant committed',
        ).catch((error: unknown) =>
          this.logger.error(`could not cancel unclaimed transport: ${String(error)}`),
        );
        continue;
      }
      this.settle(waiter, { kind: 'granted', response: transport.response });
    }
  }

  private activeByRequest(requestId: string): ActiveTransport | undefined {
    const id = this.byRequestId.get(requestId);
    return id === undefined ? undefined : this.inProgress.get(id);
  }

  /**
   * Eligible sources: an active, accepting worker that is not the requester; an available,
   * exportable replica with a free slot that can serve the requested bytes.
   */
  private pickSource(
    rows: ClaimableReplica[],
    payload: TransportPayload,
  ): RoutedCandidate | undefined {
    let best: RoutedCandidate | undefined;
    for (const replica of rows) {
      const route = routeFor(replica.viewId, payload.viewId);
      if (!route || !replica.available) continue;
      if (replica.currentRequests >= replica.maxConcurrency) continue;
      if (
        payload.requesterWorkerId !== ''
          ? replica.workerId === payload.requesterWorkerId
          : replica.nodeId === payload.sourceNodeId
      ) {
        continue;
      }
      const worker = this.workers.getActiveWorker(replica.workerId);
      if (!worker || !worker.acceptingNewRequests) continue;
      if (!isExportable(replica.memoryInfo ?? {}, replica.memorySize)) continue;
      const candidate = { replica, route };
      if (!best || compareSources(candidate, best) < 0) best = candidate;
    }
    return best;
  }

  private newTransport(
    waiter: Waiter,
    replica: ClaimableReplica,
    route: RoutedCandidate['route'],
    now: number,
  ): TransportEntity {
    const worker = this.workers.getWorker(replica.workerId);
    const group = waiter.payload.group;
    const response: GrantedResponse = {
      status: 'STATUS_OK',
      remote_memory_info: {
        ...toMemoryInfoWire(replica),
        node_port: worker?.p2pPort ?? replica.nodePort,
      },
      transport_id: '',
      route_kind: `TRANSPORT_ROUTE_KIND_${route}`,
      view_transport_metadata:
        route === 'RESIDENT_VIEW'
          ? { view_id: replica.viewId, view_size_bytes: String(replica.memorySize) }
          : null,
      source_grpc_port: worker?.grpcPort ?? 0,
    };
    const transportId = randomUUID();
    response.transport_id = transportId;
    return Object.assign(new TransportEntity(), {
      transportId,
      requestId: waiter.requestId,
      fingerprint: waiter.fingerprint,
      replicaId: replica.replicaId,
      artifactId: replica.artifactId,
      viewId: waiter.payload.viewId,
      sourceWorkerId: replica.workerId,
      requesterWorkerId: waiter.payload.requesterWorkerId,
      groupKind: group?.kind ?? '',
      groupId: group?.id ?? '',
      groupPartId: group?.partId ?? '',
      groupTotalParts: group?.totalParts ?? 0,
      groupEpoch: group?.epoch ?? 0,
      status: 'in_progress' as const,
      outcome: '' as const,
      outcomeDetail: '',
      createdAt: now,
      completedAt: null,
      replicaMemorySize: replica.memorySize,
      response,
    });
  }

  // ---- CompleteReplicaTransport ----

  async completeTransport(
    transportIdInput: string,
    outcomeInput: unknown,
    detailInput: string,
  ): Promise<CompleteResult> {
    const transportId = parseUuid('transport_id', transportIdInput);
    const outcome = parseOutcome(outcomeInput);
    const detail = optionalString('outcome_detail', detailInput);
    return this.writes.run(async (tx) => {
      const row = await findTransport(tx.manager, transportId);
      if (!row) return 'not_found';
      if (row.status === 'completed') return 'already_completed';
      await this.finish(tx, row, outcome, detail);
      return 'completed';
    });
  }

  /**
   * in_progress → completed and the slot released, in the caller's transaction. Only ever
   * called on a row this transaction read as in progress, so a slot is released once.
   */
  private async finish(
    tx: WriteTransaction,
    row: Pick<TransportEntity, 'transportId' | 'replicaId'>,
    outcome: TransportOutcome,
    detail: string,
  ): Promise<boolean> {
    const now = this.clock.now();
    if (!(await completeIfInProgress(tx, row.transportId, outcome, detail, now))) return false;
    await this.replicas.releaseRequestSlot(tx, row.replicaId);
    tx.afterCommit(() => this.untrack(row.transportId, outcome));
    return true;
  }

  // ---- QueryTransportWindow ----

  async queryWindow(query: TransportWindowQuery): Promise<TransportEntity[]> {
    if (query.startMs === undefined)
      throw new InvalidArgumentError('created_at_start', 'is required');
    if (query.endMs === undefined) throw new InvalidArgumentError('created_at_end', 'is required');
    if (query.endMs < query.startMs) {
      throw new InvalidArgumentError('created_at_end', 'must not be before created_at_start');
    }
    if (query.limit > MAX_WINDOW_LIMIT) {
      throw new InvalidArgumentError(
        'limit',
        `must be at most ${MAX_WINDOW_LIMIT} (got ${query.limit})`,
      );
    }
    const limit = query.limit === 0 ? DEFAULT_WINDOW_LIMIT : query.limit;
    // With memory: the window must not show a transport ended by a commit whose replica
    // slot release is not published yet (nor the other way round).
    const { startMs, endMs } = query;
    return this.reads.runWithMemory((manager) =>
      transportsCreatedBetween(manager, startMs, endMs, limit),
    );
  }

  // ---- drain support ----

  /** current_requests of the replica: its transports in progress. */
  inFlightOf(replicaId: string): number {
    return this.byReplica.get(replicaId)?.size ?? 0;
  }

  oldestInFlightAgeMs(replicaId: string): number | undefined {
    let oldest: number | undefined;
    for (const id of this.byReplica.get(replicaId) ?? []) {
      const t = this.inProgress.get(id);
      if (t && (oldest === undefined || t.createdAt < oldest)) oldest = t.createdAt;
    }
    return oldest === undefined ? undefined : Math.max(0, this.clock.now() - oldest);
  }

  /** Called after every commit that changed the replica's in-progress count. */
  onSlotChange(listener: SlotListener): () => void {
    this.slotListeners.add(listener);
    return () => this.slotListeners.delete(listener);
  }

  onReplicaDeleted(listener: SlotListener): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  // ---- lifecycle ----

  replicaChanged(replica: ReplicaRecord): void {
    if (this.queues.has(replica.artifactId)) this.wake(replica.artifactId);
  }

  replicaDeleted(replica: ReplicaRecord): void {
    for (const listener of this.deletedListeners) listener(replica.replicaId);
  }

  /**
   * A worker that unregisters or times out takes its transports along: those it requested
   * or serves end CANCELLED (slots released), its queued requests are refused.
   */
  async workerDeactivated(workerId: string, reason: DeactivationReason): Promise<void> {
    this.cancelQueuedOf(workerId);
    const doomed = [...this.inProgress.values()].filter(
      (t) => t.requesterWorkerId === workerId || t.sourceWorkerId === workerId,
    );
    if (doomed.length === 0) return;
    const why = reason === 'timeout' ? 'timed out' : 'unregistered';
    await this.writes.run(async (tx) => {
      for (const t of doomed) {
        const role = t.requesterWorkerId === workerId ? 'requester' : 'source';
        await this.finish(tx, t, 'cancelled', `${role} worker ${workerId} ${why}`);
      }
    });
  }

  private cancelQueuedOf(workerId: string): void {
    for (const queue of [...this.queues.values()]) {
      for (const waiter of [...queue]) {
        if (waiter.payload.requesterWorkerId !== workerId) continue;
        this.settle(
          waiter,
          new DomainError(
            'PRECONDITION_FAILED',
            `requester_worker_id: worker ${workerId} is no longer active; its queued request was cancelled`,
            'requester_worker_id',
          ),
        );
      }
    }
  }

  /**
   * Every cleanup_interval: in progress past max(60 s, 10 × cleanup_interval) → EXPIRED;
   * completed rows past transports.retention deleted; queued requests of requesters that
   * went inactive cancelled; idle groups forgotten.
   */
  async sweep(): Promise<{ expired: number; purged: number }> {
    const now = this.clock.now();
    const threshold = expiryThresholdMs(this.config.worker_policy.cleanup_interval);
    const stale = [...this.inProgress.values()].filter((t) => now - t.createdAt > threshold);
    let expired = 0;
    if (stale.length > 0) {
      await this.writes.run(async (tx) => {
        for (const t of stale) {
          if (await this.finish(tx, t, 'expired', `in progress for more than ${threshold} ms`)) {
            expired += 1;
          }
        }
      });
    }
    const cutoff = now - this.config.transports.retention;
    const purged = await this.writes.run((tx) => deleteCompletedBefore(tx, cutoff));
    for (const queue of [...this.queues.values()]) {
      for (const waiter of [...queue]) {
        const requester = waiter.payload.requesterWorkerId;
        if (requester !== '' && this.requesterGone(requester)) this.cancelQueuedOf(requester);
      }
    }
    for (const [key, group] of this.groups) {
      if (group.inProgress === 0 && group.waiting === 0 && group.lastActivity < cutoff) {
        this.groups.delete(key);
      }
    }
    return { expired, purged };
  }

  // ---- memory ----

  private groupFor(
    key: string,
    artifactId: string,
    viewId: string,
    totalParts: number,
    at: number,
  ): GroupState {
    let group = this.groups.get(key);
    if (!group) {
      group = {
        artifactId,
        viewId,
        totalParts,
        parts: new Map(),
        succeededParts: new Set(),
        inProgress: 0,
        waiting: 0,
        lastActivity: at,
      };
      this.groups.set(key, group);
    }
    group.lastActivity = Math.max(group.lastActivity, at);
    return group;
  }

  private track(row: TransportEntity): void {
    const groupKey =
      row.groupId !== ''
        ? groupKeyOf({ kind: row.groupKind, id: row.groupId, epoch: row.groupEpoch })
        : undefined;
    this.inProgress.set(row.transportId, {
      transportId: row.transportId,
      replicaId: row.replicaId,
      artifactId: row.artifactId,
      requestId: row.requestId,
      fingerprint: row.fingerprint,
      requesterWorkerId: row.requesterWorkerId,
      sourceWorkerId: row.sourceWorkerId,
      groupKey,
      createdAt: row.createdAt,
      response: row.response,
    });
    let ids = this.byReplica.get(row.replicaId);
    if (!ids) {
      ids = new Set();
      this.byReplica.set(row.replicaId, ids);
    }
    ids.add(row.transportId);
    if (row.requestId !== '') this.byRequestId.set(row.requestId, row.transportId);
    if (groupKey) {
      const group = this.groupFor(
        groupKey,
        row.artifactId,
        row.viewId,
        row.groupTotalParts,
        row.createdAt,
      );
      group.parts.set(row.groupPartId, row.requestId);
      group.inProgress += 1;
    }
    this.notifySlot(row.replicaId);
  }

  private untrack(transportId: string, outcome: TransportOutcome): void {
    const t = this.inProgress.get(transportId);
    if (!t) return;
    this.inProgress.delete(transportId);
    const ids = this.byReplica.get(t.replicaId);
    ids?.delete(transportId);
    if (ids?.size === 0) this.byReplica.delete(t.replicaId);
    if (this.byRequestId.get(t.requestId) === transportId) this.byRequestId.delete(t.requestId);
    const group = t.groupKey ? this.groups.get(t.groupKey) : undefined;
    if (group) {
      group.inProgress -= 1;
      group.lastActivity = this.clock.now();
      if (outcome === 'success') {
        for (const [partId, requestId] of group.parts) {
          if (requestId === t.requestId) group.succeededParts.add(partId);
        }
      }
    }
    this.metrics.completions.inc({ outcome: outcome === '' ? 'unspecified' : outcome });
    this.notifySlot(t.replicaId);
    this.wake(t.artifactId);
  }

  private notifySlot(replicaId: string): void {
    for (const listener of this.slotListeners) listener(replicaId);
  }
}

function reusedRequestId(requestId: string): InvalidArgumentError {
  return new InvalidArgumentError(
    'request_id',
    `"${requestId}" was already used with another payload (artifact, view, source, requester or group)`,
  );
}
