import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '../../common/src';
import { ReplicaLifecycleListener, ReplicaRecord, ReplicaStore } from '../../artifacts/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { TransportEntity, TransportOutcome } from './transport.entity';
import {
  completeIfInProgress,
  findTransport,
  groupedTransports,
  inProgressTransports,
} from './transport-records';
import { groupKeyOf } from './transport-rules';
import { TransportsMetrics } from './transports.metrics';

/** The granted answer in wire shape, as stored for replay. */
export type GrantedResponse = Record<string, unknown>;

export type CompleteResult = 'completed' | 'already_completed' | 'not_found';

export interface ActiveTransport {
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

export interface GroupState {
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

type ReplicaListener = (replicaId: string) => void;
type ArtifactListener = (artifactId: string) => void;

/**
 * The transports in progress and their scheduling groups, in memory, and how a transport
 * ends: each end is a conditional in_progress → completed transition judged inside the write
 * transaction, so a slot of the source replica (its current_requests) is released once, and
 * memory follows after the commit. Completed rows live only in the database.
 */
@Injectable()
export class TransportLedger implements OnModuleInit, ReplicaLifecycleListener {
  private readonly inProgress = new Map<string, ActiveTransport>();
  private readonly byReplica = new Map<string, Set<string>>();
  private readonly byRequestId = new Map<string, string>();
  private readonly groups = new Map<string, GroupState>();
  private readonly slotListeners = new Set<ReplicaListener>();
  private readonly deletedListeners = new Set<ReplicaListener>();
  private readonly releaseListeners = new Set<ArtifactListener>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly replicas: ReplicaStore,
    private readonly metrics: TransportsMetrics,
  ) {}

  onModuleInit(): void {
    this.replicas.addLifecycleListener(this);
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

  get inProgressCount(): number {
    return this.inProgress.size;
  }

  /** A copy: callers end transports while they walk it. */
  inProgressList(): ActiveTransport[] {
    return [...this.inProgress.values()];
  }

  activeByRequest(requestId: string): ActiveTransport | undefined {
    const id = this.byRequestId.get(requestId);
    return id === undefined ? undefined : this.inProgress.get(id);
  }

  group(key: string): GroupState | undefined {
    return this.groups.get(key);
  }

  groupFor(
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

  /** Groups with nothing in progress or waiting and no activity since `cutoff` are forgotten. */
  forgetIdleGroups(cutoff: number): void {
    for (const [key, group] of this.groups) {
      if (group.inProgress === 0 && group.waiting === 0 && group.lastActivity < cutoff) {
        this.groups.delete(key);
      }
    }
  }

  /** CompleteReplicaTransport with its input parsed. */
  complete(
    transportId: string,
    outcome: TransportOutcome,
    detail: string,
  ): Promise<CompleteResult> {
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
  async finish(
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
  onSlotChange(listener: ReplicaListener): () => void {
    this.slotListeners.add(listener);
    return () => this.slotListeners.delete(listener);
  }

  onReplicaDeleted(listener: ReplicaListener): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  /** Called after every commit that ended a transport of the artifact (a slot came free). */
  onRelease(listener: ArtifactListener): void {
    this.releaseListeners.add(listener);
  }

  replicaDeleted(replica: ReplicaRecord): void {
    for (const listener of this.deletedListeners) listener(replica.replicaId);
  }

  // ---- memory ----

  /** After the commit that inserted the row (or at recovery). */
  track(row: TransportEntity): void {
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
    for (const listener of this.releaseListeners) listener(t.artifactId);
  }

  private notifySlot(replicaId: string): void {
    for (const listener of this.slotListeners) listener(replicaId);
  }
}
