import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock, DomainError } from '../../common/src';
import {
  ReplicaLifecycleListener,
  ReplicaRecord,
  ReplicaStore,
  toMemoryInfoWire,
} from '../../artifacts/src';
import { WriteQueue } from '../../persistence/src';
import { DeactivationReason, WorkerLifecycleListener, WorkersService } from '../../workers/src';
import { TransportEntity } from './transport.entity';
import { GrantedResponse, TransportLedger } from './transport-ledger';
import { insertTransport } from './transport-records';
import {
  GroupProgress,
  RoutedCandidate,
  TransportPayload,
  compareQueued,
  compareSources,
  isExportable,
  routeFor,
} from './transport-rules';

export type RequestTransportResult =
  | { kind: 'granted' | 'replayed'; response: GrantedResponse }
  | { kind: 'not_found' }
  | { kind: 'timed_out' };

/** A copy of a committed replica whose request count a grant round counts up. */
type ClaimableReplica = { -readonly [K in keyof ReplicaRecord]: ReplicaRecord[K] };

/** A request waiting for its grant. */
export interface QueuedRequest {
  payload: TransportPayload;
  fingerprint: string;
  requestId: string;
  groupKey: string | undefined;
  /** 0: one retry after whatever committed meanwhile, then timed out. */
  waitMs: number;
  /** The caller went away: leave the queue. */
  signal?: AbortSignal;
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

/**
 * Waiters re-check their artifact this often as well as on every slot release and replica
 * change: a worker's accepting flag or liveness changes with no event to wake them.
 */
const REQUEUE_TICK_MS = 500;

/**
 * The wait queue of RequestReplicaTransport and the grant: requests wait per artifact and
 * are granted in queue order, each grant claiming one slot of the source replica's
 * max_concurrency (its current_requests) in the same transaction as its transport row.
 * A worker that goes inactive takes its queued requests and its transports along.
 */
@Injectable()
export class TransportQueue
  implements OnModuleInit, OnModuleDestroy, ReplicaLifecycleListener, WorkerLifecycleListener
{
  private readonly logger = new Logger('Transports');
  private readonly queues = new Map<string, Waiter[]>();
  private readonly dispatching = new Set<string>();
  private readonly redispatch = new Set<string>();
  private seq = 0;
  private queued = 0;
  private requeueTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly replicas: ReplicaStore,
    private readonly workers: WorkersService,
    private readonly ledger: TransportLedger,
  ) {}

  onModuleInit(): void {
    this.replicas.addLifecycleListener(this);
    this.workers.onWorkerDeactivated(this);
    this.ledger.onRelease((artifactId) => this.wake(artifactId));
  }

  onModuleDestroy(): void {
    if (this.requeueTimer) clearInterval(this.requeueTimer);
    this.requeueTimer = undefined;
    for (const queue of this.queues.values()) {
      for (const waiter of queue) {
        this.settle(waiter, new DomainError('SHUTTING_DOWN', 'the Global Store is shutting down'));
      }
    }
  }

  get queuedCount(): number {
    return this.queued;
  }

  startRequeueTick(): void {
    this.requeueTimer ??= setInterval(() => {
      for (const artifactId of this.queues.keys()) this.wake(artifactId);
    }, REQUEUE_TICK_MS);
    this.requeueTimer.unref();
  }

  /** Some committed replica of the artifact can serve the requested bytes. */
  canServe(payload: TransportPayload): boolean {
    const rows = this.replicas.committedOfArtifact(payload.artifactId);
    return rows.some((row) => routeFor(row.viewId, payload.viewId) !== undefined);
  }

  /** A queued request with this request_id and another payload. */
  queuedWithOtherPayload(requestId: string, fingerprint: string): boolean {
    for (const queue of this.queues.values()) {
      for (const waiter of queue) {
        if (waiter.requestId === requestId && waiter.fingerprint !== fingerprint) return true;
      }
    }
    return false;
  }

  /** Waits in the queue until granted, replayed, timed out, cancelled or shut down. */
  wait(request: QueuedRequest): Promise<RequestTransportResult | Error> {
    const { payload, waitMs } = request;
    return new Promise<RequestTransportResult | Error>((resolve) => {
      const waiter: Waiter = {
        seq: (this.seq += 1),
        payload,
        fingerprint: request.fingerprint,
        requestId: request.requestId,
        groupKey: request.groupKey,
        priority: payload.group?.priority ?? 0,
        enqueuedAt: this.clock.now(),
        settled: false,
        settle: resolve,
      };
      this.enqueue(waiter);
      if (waitMs > 0) {
        waiter.timer = setTimeout(() => this.settle(waiter, { kind: 'timed_out' }), waitMs);
      }
      request.signal?.addEventListener('abort', () =>
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
  }

  /** A requester we know to be inactive gets nothing: its queued requests are cancelled too. */
  checkRequester(requesterWorkerId: string): void {
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
    this.queued += 1;
    const group = waiter.groupKey ? this.ledger.group(waiter.groupKey) : undefined;
    if (group) group.waiting += 1;
  }

  private settle(waiter: Waiter, result: RequestTransportResult | Error): void {
    if (waiter.settled) return;
    waiter.settled = true;
    if (waiter.timer) clearTimeout(waiter.timer);
    this.queued -= 1;
    const group = waiter.groupKey ? this.ledger.group(waiter.groupKey) : undefined;
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
          const g = this.ledger.group(key);
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
            claimedRequests.get(waiter.requestId) ?? this.ledger.activeByRequest(waiter.requestId);
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
        for (const { transport } of done) this.ledger.track(transport);
      });
      return done;
    });
    for (const { waiter, response } of replays) this.settle(waiter, { kind: 'replayed', response });
    for (const { waiter, transport } of grants) {
      if (waiter.settled) {
        // It timed out or its caller left while the grant was committing: nobody will
        // complete this transport, so give the slot back now rather than at expiry.
        this.ledger
          .complete(
            transport.transportId,
            'cancelled',
            'the requester stopped waiting before the grant committed',
          )
          .catch((error: unknown) =>
            this.logger.error(`could not cancel unclaimed transport: ${String(error)}`),
          );
        continue;
      }
      this.settle(waiter, { kind: 'granted', response: transport.response });
    }
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

  // ---- lifecycle ----

  replicaChanged(replica: ReplicaRecord): void {
    if (this.queues.has(replica.artifactId)) this.wake(replica.artifactId);
  }

  /**
   * A worker that unregisters or times out takes its transports along: those it requested
   * or serves end CANCELLED (slots released), its queued requests are refused.
   */
  async workerDeactivated(workerId: string, reason: DeactivationReason): Promise<void> {
    this.cancelQueuedOf(workerId);
    const doomed = this.ledger
      .inProgressList()
      .filter((t) => t.requesterWorkerId === workerId || t.sourceWorkerId === workerId);
    if (doomed.length === 0) return;
    const why = reason === 'timeout' ? 'timed out' : 'unregistered';
    await this.writes.run(async (tx) => {
      for (const t of doomed) {
        const role = t.requesterWorkerId === workerId ? 'requester' : 'source';
        await this.ledger.finish(tx, t, 'cancelled', `${role} worker ${workerId} ${why}`);
      }
    });
  }

  /** Queued requests of requesters that went inactive are cancelled. */
  cancelQueuedOfGoneRequesters(): void {
    for (const queue of [...this.queues.values()]) {
      for (const waiter of [...queue]) {
        const requester = waiter.payload.requesterWorkerId;
        if (requester !== '' && this.requesterGone(requester)) this.cancelQueuedOf(requester);
      }
    }
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
}
