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
 * The replica table and the in-memory facts derived from it (which artifacts each worker
 * holds). Every module that changes replicas (RegisterReplica, registration commits,
 * reconcile) goes through these methods inside its own write-queue transaction, so the
 * worker's checksum and the memory index always follow the committed rows.
 */
@Injectable()
export class ReplicaStore implements WorkerInventory, OnModuleInit {
  /** worker_id → artifact_id → number of that worker's replicas of the artifact. */
  private readonly held = new Map<string, Map<string, number>>();

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
    return { replica, existed: existing !== null, previousWorkerId: existing?.workerId };
  }

  async deleteReplica(tx: WriteTransaction, replica: ReplicaEntity): Promise<void> {
    await tx.manager.delete(ReplicaEntity, { replicaId: replica.replicaId });
    tx.afterCommit(() => this.track(replica.workerId, replica.artifactId, -1));
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
