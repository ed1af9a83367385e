import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
// The JSON memory_info column does not fit TypeORM's deep-partial type; the transformer handles it.
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CLOCK, Clock } from '../../common/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { ChecksumReplica, WorkerInventory, WorkersService, stateChecksum } from '../../workers/src';
import { MEMORY_TIER_OF, MEMORY_TYPE_NUMBER, MemoryTier, ReplicaEntity } from './replica.entity';

/** Everything needed to create or refresh one replica row. */
export interface ReplicaUpsert {
  artifactId: string;
  workerId: string;
  viewId: string;
  nodeId: string;
  nodeAddress: string;
  nodePort: number;
  memoryTier: MemoryTier;
  deviceId: number;
  memorySize: number;
  maxConcurrency: number;
  /** The MemoryInfo in wire shape (proto field names), stored for round-tripping. */
  memoryInfo: Record<string, unknown>;
  /** Defaults to true: registering a replica makes it available. */
  available?: boolean;
}

export interface ReplicaUpsertResult {
  replica: ReplicaEntity;
  /** True when a row with this identity already existed (its replica_id was kept). */
  existed: boolean;
  /** The worker that held the row before, when it existed (differs if the replica moved). */
  previousWorkerId?: string;
}

/** The identity columns of a replica (compat: what makes two registrations the same). */
export type ReplicaIdentity = Pick<
  ReplicaEntity,
  'artifactId' | 'viewId' | 'nodeId' | 'nodeAddress' | 'nodePort' | 'memoryType' | 'deviceId'
>;

export function toChecksumReplica(replica: ReplicaEntity): ChecksumReplica {
  return {
    artifactId: replica.artifactId,
    viewId: replica.viewId,
    nodeId: replica.nodeId,
    nodeAddress: replica.nodeAddress,
    nodePort: replica.nodePort,
    deviceId: replica.deviceId,
    memoryType: MEMORY_TIER_OF[replica.memoryType] ?? 'RAM',
    available: replica.available,
  };
}

/**
 * Told about replica changes by the ReplicaStore, for modules whose state follows replicas
 * (the chunk directory, transports and drains) without owning or re-reading the table.
 */
export interface ReplicaLifecycleListener {
  /** Inside the transaction that deletes the replica: clean up in the same commit. */
  replicaDeleting?(tx: WriteTransaction, replica: Readonly<ReplicaEntity>): Promise<void>;
  /** After the commit that deleted it. */
  replicaDeleted?(replica: Readonly<ReplicaEntity>): void;
  /** After a commit that created, refreshed or changed the availability of the replica. */
  replicaChanged?(replica: Readonly<ReplicaEntity>): void;
}

/**
 * The replica table and the in-memory facts derived from it (which artifacts each worker
 * holds). Every module that changes replicas (RegisterReplica, registration commits,
 * reconcile) goes through these methods inside its own write-queue transaction, so the
 * worker's checksum and the memory index always follow the committed rows.
 */
@Injectable()
export class ReplicaStore implements WorkerInventory, OnModuleInit {
  /** worker_id → artifact_id → number of that worker's replicas of the artifact. */
  private readonly held = new Map<string, Map<string, number>>();
  private readonly listeners: ReplicaLifecycleListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly workers: WorkersService,
  ) {}

  onModuleInit(): void {
    this.workers.attachInventory(this);
  }

  /**
   * Startup: every replica is unavailable until its worker re-confirms it (RegisterReplica
   * or reconcile), and each worker's stored checksum is recomputed to match.
   */
  async recover(): Promise<{ replicas: number; workers: number }> {
    const rows: { worker_id: string; artifact_id: string }[] = await this.dataSource
      .createQueryBuilder()
      .select(['r.worker_id AS worker_id', 'r.artifact_id AS artifact_id'])
      .from(ReplicaEntity, 'r')
      .getRawMany();
    this.held.clear();
    for (const row of rows) this.track(row.worker_id, row.artifact_id, +1);
    await this.writes.run(async (tx) => {
      await tx.manager.update(ReplicaEntity, { available: true }, { available: false });
      for (const workerId of this.held.keys()) await this.refreshWorkerChecksum(tx, workerId);
    });
    return { replicas: rows.length, workers: this.held.size };
  }

  addLifecycleListener(listener: ReplicaLifecycleListener): void {
    this.listeners.push(listener);
  }

  private notifyChanged(replica: ReplicaEntity): void {
    for (const listener of this.listeners) listener.replicaChanged?.(replica);
  }

  holds(workerId: string, artifactId: string): boolean {
    return (this.held.get(workerId)?.get(artifactId) ?? 0) > 0;
  }

  async checksumOf(tx: WriteTransaction, workerId: string): Promise<string> {
    // Raw rows of just the checksum's columns: this runs on every change to a worker's
    // replicas, and entity hydration plus the memory_info JSON dominated it for workers
    // holding hundreds of replicas.
    const rows: {
      artifact_id: string;
      view_id: string;
      node_id: string;
      node_address: string;
      node_port: number | string;
      memory_type: number | string;
      device_id: number | string;
      available: boolean | number | string;
    }[] = await tx.manager
      .createQueryBuilder(ReplicaEntity, 'r')
      .select('r.artifactId', 'artifact_id')
      .addSelect('r.viewId', 'view_id')
      .addSelect('r.nodeId', 'node_id')
      .addSelect('r.nodeAddress', 'node_address')
      .addSelect('r.nodePort', 'node_port')
      .addSelect('r.memoryType', 'memory_type')
      .addSelect('r.deviceId', 'device_id')
      .addSelect('r.available', 'available')
      .where('r.workerId = :workerId', { workerId })
      .getRawMany();
    return stateChecksum(
      rows.map((row) => ({
        artifactId: row.artifact_id,
        viewId: row.view_id,
        nodeId: row.node_id,
        nodeAddress: row.node_address,
        nodePort: Number(row.node_port),
        deviceId: Number(row.device_id),
        memoryType: MEMORY_TIER_OF[Number(row.memory_type)] ?? 'RAM',
        available: row.available === true || Number(row.available) === 1,
      })),
    );
  }

  /** Recomputes the worker's checksum from its rows and stores it on the worker. */
  async refreshWorkerChecksum(tx: WriteTransaction, workerId: string): Promise<string> {
    const checksum = await this.checksumOf(tx, workerId);
    if (this.workers.getWorker(workerId)) {
      await this.workers.updateState(tx, workerId, { stateChecksum: checksum });
    }
    return checksum;
  }

  async markWorkerReplicasUnavailable(tx: WriteTransaction, workerId: string): Promise<number> {
    const result = await tx.manager.update(
      ReplicaEntity,
      { workerId, available: true },
      { available: false, updatedAt: this.clock.now() },
    );
    return result.affected ?? 0;
  }

  async moveReplicas(
    tx: WriteTransaction,
    fromWorkerId: string,
    toWorkerId: string,
  ): Promise<number> {
    const moving = await this.replicasOfWorker(tx.manager, fromWorkerId);
    if (moving.length === 0) return 0;
    await tx.manager.update(
      ReplicaEntity,
      { workerId: fromWorkerId },
      { workerId: toWorkerId, updatedAt: this.clock.now() },
    );
    tx.afterCommit(() => {
      for (const r of moving) {
        this.track(fromWorkerId, r.artifactId, -1);
        this.track(toWorkerId, r.artifactId, +1);
      }
    });
    return moving.length;
  }

  replicasOfWorker(manager: EntityManager, workerId: string): Promise<ReplicaEntity[]> {
    return manager.find(ReplicaEntity, {
      where: { workerId },
      order: { artifactId: 'ASC', viewId: 'ASC', memoryType: 'ASC', deviceId: 'ASC' },
    });
  }

  findByIdentity(manager: EntityManager, identity: ReplicaIdentity): Promise<ReplicaEntity | null> {
    return manager.findOneBy(ReplicaEntity, { ...identity });
  }

  /**
   * Creates the replica or refreshes the row with the same identity (keeping its
   * replica_id). Does not touch the worker's checksum: callers batch that per worker with
   * refreshWorkerChecksum once their changes are in.
   */
  async upsertReplica(tx: WriteTransaction, input: ReplicaUpsert): Promise<ReplicaUpsertResult> {
    const now = this.clock.now();
    const memoryType = MEMORY_TYPE_NUMBER[input.memoryTier];
    const identity: ReplicaIdentity = {
      artifactId: input.artifactId,
      viewId: input.viewId,
      nodeId: input.nodeId,
      nodeAddress: input.nodeAddress,
      nodePort: input.nodePort,
      memoryType,
      deviceId: input.memoryTier === 'GPU' ? input.deviceId : 0,
    };
    const existing = await this.findByIdentity(tx.manager, identity);
    const replica: ReplicaEntity = Object.assign(new ReplicaEntity(), existing ?? {}, identity, {
      replicaId: existing?.replicaId ?? randomUUID(),
      workerId: input.workerId,
      memorySize: input.memorySize,
      maxConcurrency: input.maxConcurrency,
      currentRequests: existing?.currentRequests ?? 0,
      available: input.available ?? true,
      memoryInfo: input.memoryInfo,
      registeredAt: existing?.registeredAt ?? now,
      updatedAt: now,
    });
    // insert/update rather than save(): save() would first look the row up again.
    if (existing) {
      const { replicaId, ...fields } = replica;
      await tx.manager.update(
        ReplicaEntity,
        { replicaId },
        fields as QueryDeepPartialEntity<ReplicaEntity>,
      );
    } else {
      await tx.manager.insert(ReplicaEntity, replica as QueryDeepPartialEntity<ReplicaEntity>);
    }
    if (!existing || existing.workerId !== replica.workerId) {
      tx.afterCommit(() => {
        if (existing) this.track(existing.workerId, existing.artifactId, -1);
        this.track(replica.workerId, replica.artifactId, +1);
      });
    }
    tx.afterCommit(() => this.notifyChanged(replica));
    return { replica, existed: existing !== null, previousWorkerId: existing?.workerId };
  }

  async deleteReplica(tx: WriteTransaction, replica: ReplicaEntity): Promise<void> {
    await tx.manager.delete(ReplicaEntity, { replicaId: replica.replicaId });
    for (const listener of this.listeners) await listener.replicaDeleting?.(tx, replica);
    tx.afterCommit(() => {
      this.track(replica.workerId, replica.artifactId, -1);
      for (const listener of this.listeners) listener.replicaDeleted?.(replica);
    });
  }

  async setAvailability(
    tx: WriteTransaction,
    replica: ReplicaEntity,
    available: boolean,
  ): Promise<void> {
    await tx.manager.update(
      ReplicaEntity,
      { replicaId: replica.replicaId },
      { available, updatedAt: this.clock.now() },
    );
    replica.available = available;
    tx.afterCommit(() => this.notifyChanged(replica));
  }

  findReplicaById(manager: EntityManager, replicaId: string): Promise<ReplicaEntity | null> {
    return manager.findOneBy(ReplicaEntity, { replicaId });
  }

  /** Every replica row of the artifact, available or not (transport source selection). */
  replicasOfArtifact(manager: EntityManager, artifactId: string): Promise<ReplicaEntity[]> {
    return manager.findBy(ReplicaEntity, { artifactId });
  }

  /**
   * Workers holding an available GPU replica of each artifact, as "worker_id\0artifact_id"
   * keys; limited to the given artifacts when any are given. The chunk directory's
   * visibility rule.
   */
  async availableGpuHolders(
    manager: EntityManager,
    artifactIds?: readonly string[],
  ): Promise<Set<string>> {
    const query = manager
      .createQueryBuilder(ReplicaEntity, 'r')
      .select('r.workerId', 'worker_id')
      .addSelect('r.artifactId', 'artifact_id')
      .distinct(true)
      .where('r.memoryType = :gpu', { gpu: MEMORY_TYPE_NUMBER.GPU })
      .andWhere('r.available = :available', { available: true });
    if (artifactIds !== undefined) {
      if (artifactIds.length === 0) return new Set();
      query.andWhere('r.artifactId IN (:...artifactIds)', { artifactIds: [...artifactIds] });
    }
    const rows: { worker_id: string; artifact_id: string }[] = await query.getRawMany();
    return new Set(rows.map((row) => `${row.worker_id}\0${row.artifact_id}`));
  }

  /** GPU replicas the worker still holds of the artifact, as this transaction sees them. */
  countGpuReplicas(manager: EntityManager, workerId: string, artifactId: string): Promise<number> {
    return manager.countBy(ReplicaEntity, {
      workerId,
      artifactId,
      memoryType: MEMORY_TYPE_NUMBER.GPU,
    });
  }

  /**
   * current_requests += 1, only while it stays within max_concurrency: the atomic claim of a
   * transport slot. False when the replica is full or gone.
   */
  async claimRequestSlot(tx: WriteTransaction, replicaId: string): Promise<boolean> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(ReplicaEntity)
      .set({ currentRequests: () => 'current_requests + 1' })
      .where('replica_id = :replicaId', { replicaId })
      .andWhere('current_requests < max_concurrency')
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** current_requests -= 1, never below 0; a replica deleted meanwhile is fine. */
  async releaseRequestSlot(tx: WriteTransaction, replicaId: string): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .update(ReplicaEntity)
      .set({ currentRequests: () => 'current_requests - 1' })
      .where('replica_id = :replicaId', { replicaId })
      .andWhere('current_requests > 0')
      .execute();
  }

  /**
   * Startup: current_requests = the in-progress transports each replica serves (the owner
   * of those rows passes the counts), so a counter never drifts across a crash.
   */
  async resetRequestCounters(
    tx: WriteTransaction,
    counts: ReadonlyMap<string, number>,
  ): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .update(ReplicaEntity)
      .set({ currentRequests: 0 })
      .where('current_requests <> 0')
      .execute();
    for (const [replicaId, count] of counts) {
      await tx.manager.update(ReplicaEntity, { replicaId }, { currentRequests: count });
    }
  }

  private track(workerId: string, artifactId: string, delta: number): void {
    let artifacts = this.held.get(workerId);
    if (!artifacts) {
      if (delta < 0) return;
      artifacts = new Map();
      this.held.set(workerId, artifacts);
    }
    const next = (artifacts.get(artifactId) ?? 0) + delta;
    if (next > 0) artifacts.set(artifactId, next);
    else artifacts.delete(artifactId);
    if (artifacts.size === 0) this.held.delete(workerId);
  }
}
