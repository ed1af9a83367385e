import { Injectable, Logger } from '@nestjs/common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ArtifactStore, ReplicaRecord, ReplicaStore, ReplicaUpsert } from '../../artifacts/src';
import {
  DomainError,
  InvalidArgumentError,
  requireNonEmpty,
  quoteClientValue,
} from '../../common/src';
import type { wire } from '../../grpc/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { WorkerCursor, WorkersService } from '../../workers/src';
import { CursorConflict, RETRY_AFTER_MS, RequestCursor, judgeCursor } from './reconcile.cursor';
import { parseInventory } from './reconcile.inventory';
import { ReconcileMetrics, ResultKindLabel } from './reconcile.metrics';
import {
  DesiredReplica,
  ReconcileKind,
  describeDrift,
  planReconcileInChunks,
  relocates,
} from './reconcile.plan';

export interface ReconcileInput {
  workerId: string;
  daemonId: string;
  generation: number;
  requestSeq: number;
  /** The wire enum as proto-loader delivers it (name, or number when unknown). */
  requestKind: string | number;
  inventory: readonly wire.ReplicaInfo__Output[];
}

export type ReconcileResultKind =
  'APPLIED' | 'NOOP' | 'IGNORED_STALE' | 'RETRY_LATER' | 'REBASE_REQUIRED';

export interface StateChangeView {
  type: 'ADD' | 'UPDATE' | 'REMOVE';
  /** The row after the change (before it, for REMOVE). */
  replica: ReplicaRecord;
  reason: string;
}

export interface ReconcileOutcome {
  resultKind: ReconcileResultKind;
  /** Only for RETRY_LATER. */
  retryAfterMs: number;
  /** The worker's state version and checksum after this request (unchanged unless APPLIED). */
  stateVersion: number;
  stateChecksum: string;
  stateChanges: StateChangeView[];
  /** Only for REBASE_REQUIRED: every replica the server holds for this worker. */
  expectedReplicas: ReplicaRecord[];
  /** Why this result, for logs and operators. */
  reason: string;
}

interface JudgedOutcome extends ReconcileOutcome {
  conflict?: CursorConflict;
  /** The request passed the fencing checks and its inventory was diffed. */
  diffed: boolean;
}

const REQUEST_KINDS: Record<string, ReconcileKind> = {
  RECONCILE_REQUEST_KIND_UNSPECIFIED: 'SNAPSHOT',
  RECONCILE_REQUEST_KIND_SNAPSHOT: 'SNAPSHOT',
  RECONCILE_REQUEST_KIND_DELTA: 'DELTA',
  0: 'SNAPSHOT',
  1: 'SNAPSHOT',
  2: 'DELTA',
};

/** Answers listing more replicas than this are encoded one per event-loop turn. */
const PACE_ANSWERS_ABOVE = 100;

const RESULT_LABEL: Record<ReconcileResultKind, ResultKindLabel> = {
  APPLIED: 'applied',
  NOOP: 'noop',
  IGNORED_STALE: 'ignored_stale',
  RETRY_LATER: 'retry_later',
  REBASE_REQUIRED: 'rebase_required',
};

/**
 * ReconcileWorkerState (behavior.md "Reconcile", compat): brings the registry's replicas of
 * one worker in line with its daemon's inventory, fenced by the worker's persisted cursor
 * (generation, request_seq) so duplicated, reordered or stale requests change nothing.
 *
 * The cursor check, the diff and every write happen inside ONE write-queue job: the queue
 * runs jobs one at a time, so two concurrent requests for the same worker are judged one
 * after the other against the cursor as the first one left it.
 */
@Injectable()
export class ReconcileService {
  private readonly logger = new Logger('ReconcileService');
  private lastAnswerTurn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly workers: WorkersService,
    private readonly replicas: ReplicaStore,
    private readonly artifacts: ArtifactStore,
    private readonly writes: WriteQueue,
    private readonly metrics: ReconcileMetrics,
  ) {}

  async reconcileWorkerState(input: ReconcileInput): Promise<ReconcileOutcome> {
    const started = performance.now();
    const workerId = requireNonEmpty('worker_id', input.workerId);
    const kind = REQUEST_KINDS[String(input.requestKind)];
    if (!kind) {
      throw new InvalidArgumentError(
        'request_kind',
        `unknown value ${quoteClientValue(input.requestKind)}`,
      );
    }
    const request: RequestCursor = {
      daemonId: input.daemonId.trim(),
      generation: input.generation,
      requestSeq: input.requestSeq,
    };
    let desired: DesiredReplica[];
    try {
      // Outside the write queue: validation needs no state, and the queue stays free meanwhile.
      desired = await parseInventory(input.inventory);
    } catch (error) {
      this.metrics.stateSyncs.inc({ result: 'rejected' });
      throw error;
    }

    const progress = { diffed: false };
    let outcome: JudgedOutcome;
    try {
      outcome = await this.writes.run((tx) =>
        this.reconcileInTransaction(tx, workerId, request, kind, desired, progress),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'WORKER_NOT_FOUND') {
        this.metrics.results.inc({ result_kind: 'fatal' });
      } else if (progress.diffed) {
        this.metrics.stateSyncs.inc({ result: 'failed' });
      }
      throw error;
    }

    this.metrics.results.inc({ result_kind: RESULT_LABEL[outcome.resultKind] });
    if (outcome.conflict) this.metrics.conflicts.inc({ scope: outcome.conflict });
    if (outcome.diffed) {
      this.metrics.stateSyncs.inc({
        result: outcome.resultKind === 'APPLIED' ? 'applied' : 'noop',
      });
      this.metrics.stateSyncSeconds.observe(
        { kind: kind.toLowerCase() },
        (performance.now() - started) / 1000,
      );
      for (const type of ['ADD', 'UPDATE', 'REMOVE'] as const) {
        const count = outcome.stateChanges.filter((c) => c.type === type).length;
        if (count > 0) this.metrics.stateChanges.inc({ type: type.toLowerCase() }, count);
      }
    }
    const summary =
      `reconcile ${workerId} ${kind} gen ${request.generation} seq ${request.requestSeq} ` +
      `(${desired.length} item(s)): ${outcome.resultKind} — ${outcome.reason}`;
    if (outcome.resultKind === 'APPLIED') this.logger.log(summary);
    else this.logger.debug(summary);
    await this.answerTurn(outcome.stateChanges.length + outcome.expectedReplicas.length);
    const { conflict: _conflict, diffed: _diffed, ...answer } = outcome;
    return answer;
  }

  /**
   * A commit group releases all its answers at once, and encoding thousands of ReplicaInfo
   * back to back (about 15 µs each) would hold up every other request, heartbeats included.
   * Large answers therefore take turns: one per event-loop iteration, with I/O in between.
   */
  private answerTurn(replicas: number): Promise<void> {
    if (replicas < PACE_ANSWERS_ABOVE) return Promise.resolve();
    const turn = this.lastAnswerTurn.then(() => yieldToEventLoop());
    this.lastAnswerTurn = turn;
    return turn.then(() => undefined);
  }

  private async reconcileInTransaction(
    tx: WriteTransaction,
    workerId: string,
    request: RequestCursor,
    kind: ReconcileKind,
    desired: readonly DesiredReplica[],
    progress: { diffed: boolean },
  ): Promise<JudgedOutcome> {
    // Liveness is memory-only (heartbeats); the cursor is read from this transaction.
    const live = this.workers.getActiveWorker(workerId) !== undefined;
    const worker = await this.workers.readWorkerInTransaction(tx, workerId);
    if (!worker || worker.inactive || !live) throw workerNotFound(workerId, worker);

    // The checksum in every answer is the committed one, known once the group's single
    // computation per worker has run (the replica store publishes it before this hook).
    const outcome = await this.judgeAndApply(tx, worker, request, kind, desired, progress);
    tx.afterCommit(() => {
      outcome.stateChecksum = this.replicas.stateChecksumOf(workerId);
    });
    return outcome;
  }

  private async judgeAndApply(
    tx: WriteTransaction,
    worker: WorkerCursor,
    request: RequestCursor,
    kind: ReconcileKind,
    desired: readonly DesiredReplica[],
    progress: { diffed: boolean },
  ): Promise<JudgedOutcome> {
    const workerId = worker.workerId;
    const verdict = judgeCursor(
      {
        daemonId: worker.daemonId,
        generation: worker.reconcileGeneration,
        requestSeq: worker.reconcileRequestSeq,
      },
      request,
    );
    const unchanged = {
      retryAfterMs: 0,
      stateVersion: worker.stateVersion,
      stateChecksum: worker.stateChecksum,
      stateChanges: [],
      expectedReplicas: [],
      diffed: false,
    };
    switch (verdict.kind) {
      case 'REBASE_REQUIRED':
        return {
          ...unchanged,
          resultKind: 'REBASE_REQUIRED',
          expectedReplicas: this.replicas.replicasOfWorker(tx, workerId),
          reason: verdict.reason,
          conflict: verdict.conflict,
        };
      case 'IGNORED_STALE':
        return {
          ...unchanged,
          resultKind: 'IGNORED_STALE',
          reason: verdict.reason,
          conflict: verdict.conflict,
        };
      case 'RETRY_LATER':
        return {
          ...unchanged,
          resultKind: 'RETRY_LATER',
          retryAfterMs: RETRY_AFTER_MS,
          reason: verdict.reason,
          conflict: verdict.conflict,
        };
      case 'DUPLICATE':
        return { ...unchanged, resultKind: 'NOOP', reason: verdict.reason };
      case 'APPLY':
        progress.diffed = true;
        return this.applyInventory(tx, worker, request, kind, desired);
    }
  }

  private async applyInventory(
    tx: WriteTransaction,
    worker: WorkerCursor,
    request: RequestCursor,
    kind: ReconcileKind,
    desired: readonly DesiredReplica[],
  ): Promise<JudgedOutcome> {
    const workerId = worker.workerId;
    const server = this.replicas.replicasOfWorker(tx, workerId);
    const plan = await planReconcileInChunks(kind, desired, server, yieldToEventLoop);
    const changes: StateChangeView[] = [];

    // Every change below is staged in memory; the commit group writes them set-based and
    // computes the checksum of this worker (and of any worker a replica was taken from) once.
    this.artifacts.ensureArtifacts(
      tx,
      plan.adds.map((item) => item.artifactId),
    );
    for (const item of plan.adds) {
      const replica = await this.upsert(tx, workerId, item);
      changes.push({
        type: 'ADD',
        replica,
        reason: 'reported by the daemon, missing on the server',
      });
    }
    for (const update of plan.updates) {
      const reason = describeDrift(update);
      let replica: ReplicaRecord;
      if (relocates(update)) {
        // Address and port are part of the replica table's identity: a moved replica is a
        // new row (and a new replica_id) at the new address.
        await this.replicas.deleteReplica(tx, update.current);
        replica = await this.upsert(tx, workerId, update.desired);
      } else if (update.drift.every((d) => d === 'availability')) {
        replica = await this.replicas.setAvailability(tx, update.current, update.desired.available);
      } else {
        replica = await this.upsert(tx, workerId, update.desired);
      }
      changes.push({ type: 'UPDATE', replica, reason });
    }
    for (const replica of plan.removals) {
      await this.replicas.deleteReplica(tx, replica);
      changes.push({
        type: 'REMOVE',
        replica,
        reason:
          plan.raceThresholdMs === undefined
            ? 'not in the daemon snapshot'
            : 'not in the daemon snapshot and registered before it began',
      });
    }

    let { stateVersion } = worker;
    if (changes.length > 0) {
      stateVersion += 1;
    } else if (worker.stateChecksum !== this.replicas.stateChecksumOf(workerId)) {
      // The rows are right but the stored checksum is not (a row saved from a stale copy):
      // heartbeats would ask for a sync that can never succeed. Reconcile is the repair
      // path, so the checksum is stored again with this group; nothing else changed.
      this.logger.warn(
        `worker ${workerId}: stored state checksum ${worker.stateChecksum} did not match its replicas; corrected`,
      );
      this.replicas.touchWorker(tx, workerId);
    }
    // The cursor moves even when nothing changed: this seq is now handled, so a resend of it
    // is a duplicate and the next one is seq + 1.
    await this.workers.updateState(tx, workerId, {
      reconcileGeneration: request.generation,
      reconcileRequestSeq: request.requestSeq,
      ...(changes.length > 0 ? { stateVersion } : {}),
    });
    const counts =
      `${plan.adds.length} added, ${plan.updates.length} updated, ${plan.removals.length} removed, ` +
      `${plan.unchanged} unchanged` +
      (plan.raced.length > 0 ? `, ${plan.raced.length} newer than the snapshot kept` : '');
    return {
      resultKind: changes.length > 0 ? 'APPLIED' : 'NOOP',
      retryAfterMs: 0,
      stateVersion,
      stateChecksum: worker.stateChecksum,
      stateChanges: changes,
      expectedReplicas: [],
      reason: counts,
      diffed: true,
    };
  }

  private async upsert(
    tx: WriteTransaction,
    workerId: string,
    item: DesiredReplica,
  ): Promise<ReplicaRecord> {
    const { replica } = await this.replicas.upsertReplica(tx, replicaUpsertOf(workerId, item));
    return replica;
  }
}

function replicaUpsertOf(workerId: string, item: DesiredReplica): ReplicaUpsert {
  return {
    artifactId: item.artifactId,
    workerId,
    viewId: item.viewId,
    nodeId: item.nodeId,
    nodeAddress: item.nodeAddress,
    nodePort: item.nodePort,
    memoryTier: item.memoryTier,
    deviceId: item.deviceId,
    memorySize: item.memorySize,
    maxConcurrency: item.maxConcurrency,
    memoryInfo: item.memoryInfo,
    available: item.available,
  };
}

function workerNotFound(workerId: string, worker: WorkerCursor | undefined): DomainError {
  const state = worker ? 'is inactive (unregistered or timed out)' : 'is not registered';
  return new DomainError(
    'WORKER_NOT_FOUND',
    `worker_id: worker ${quoteClientValue(workerId)} ${state}; reconcile result FATAL: call RegisterWorker, then ` +
      'reconcile with the generation it returns and request_seq 1',
    'worker_id',
  );
}
