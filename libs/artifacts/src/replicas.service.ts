import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock, optionalString, requireNonEmpty } from '../../common/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { ArtifactsMetrics } from './artifacts.metrics';
import { MEMORY_TIER_OF, MEMORY_TYPE_NUMBER } from './replica.entity';
import { compareForUnregister } from './replica-ranking';
import { ReplicaRecord, ReplicaStore } from './replica-store';
import { deviceFilterFor, parseMemoryTierFilter, parseReplicaId } from './replica-wire';

export interface ReplicaRef {
  artifactId: string;
  replicaId: string;
}

export interface UnregisterByWorkerInput {
  artifactId: string;
  workerId: string;
  /** Absent or UNSPECIFIED: any tier. */
  memoryType?: unknown;
  deviceId?: number;
}

export interface MarkUnavailableResult {
  found: boolean;
  /** True while the row exists, whether or not it was available before (idempotent). */
  updated: boolean;
}

/**
 * The replica mutations a daemon makes after registration: touch, unregister (by id or by
 * worker), mark unavailable. Each one that changes a worker's replicas refreshes that
 * worker's checksum in the same transaction.
 */
@Injectable()
export class ReplicasService {
  private readonly logger = new Logger('Replicas');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly replicas: ReplicaStore,
    private readonly metrics: ArtifactsMetrics,
  ) {}

  /** UpdateReplica: a liveness touch; undefined when there is no such replica. */
  async updateReplica(artifactId: string, replicaId: string): Promise<ReplicaRef | undefined> {
    const ref = parseRef(artifactId, replicaId);
    return this.writes.run((tx) => {
      const replica = this.findReplica(tx, ref);
      if (!replica) return Promise.resolve(undefined);
      this.replicas.touch(tx, replica);
      return Promise.resolve({ artifactId: replica.artifactId, replicaId: replica.replicaId });
    });
  }

  /** UnregisterReplica: deletes the row; false when there is none. */
  async unregisterReplica(artifactId: string, replicaId: string): Promise<boolean> {
    const ref = parseRef(artifactId, replicaId);
    return this.writes.run(async (tx) => {
      const replica = this.findReplica(tx, ref);
      if (!replica) return false;
      await this.replicas.deleteReplica(tx, replica);
      tx.afterCommit(() => this.countUnregistered(replica));
      return true;
    });
  }

  /**
   * UnregisterReplicaByWorker: deletes the worker's best match for the artifact (GPU before
   * RAM before DISK, then the oldest); false when nothing matches.
   */
  async unregisterReplicaByWorker(input: UnregisterByWorkerInput): Promise<boolean> {
    const artifactId = requireNonEmpty('artifact_id', input.artifactId);
    const workerId = requireNonEmpty('worker_id', input.workerId);
    const tier = parseMemoryTierFilter('memory_type', input.memoryType);
    const deviceId = deviceFilterFor(tier, input.deviceId);
    const memoryType = tier === undefined ? undefined : MEMORY_TYPE_NUMBER[tier];
    return this.writes.run(async (tx) => {
      const candidates = this.replicas
        .replicasOfArtifact(tx, artifactId)
        .filter(
          (r) =>
            r.workerId === workerId &&
            (memoryType === undefined || r.memoryType === memoryType) &&
            (deviceId === undefined || r.deviceId === deviceId),
        );
      const [best] = candidates.sort(compareForUnregister);
      if (!best) return false;
      await this.replicas.deleteReplica(tx, best);
      tx.afterCommit(() => this.countUnregistered(best));
      return true;
    });
  }

  /** MarkReplicaUnavailable: idempotent; the row stays (re-registration revives it). */
  async markReplicaUnavailable(
    artifactId: string,
    replicaId: string,
    reason?: string,
  ): Promise<MarkUnavailableResult> {
    const ref = parseRef(artifactId, replicaId);
    const why = optionalString('reason', reason);
    return this.writes.run(async (tx) => {
      const replica = this.findReplica(tx, ref);
      if (!replica) return { found: false, updated: false };
      if (replica.available) {
        await this.replicas.setAvailability(tx, replica, false);
        this.logger.log(
          `replica ${replica.replicaId} of ${replica.artifactId} marked unavailable${why ? `: ${why}` : ''}`,
        );
      }
      return { found: true, updated: true };
    });
  }

  /** By replica_id; an artifact_id, when given, must be the replica's. */
  private findReplica(
    tx: WriteTransaction,
    ref: { artifactId: string; replicaId: string },
  ): ReplicaRecord | undefined {
    const replica = this.replicas.findById(tx, ref.replicaId);
    if (!replica || (ref.artifactId !== '' && replica.artifactId !== ref.artifactId)) {
      return undefined;
    }
    return replica;
  }

  private countUnregistered(replica: ReplicaRecord): void {
    const tier = MEMORY_TIER_OF[replica.memoryType];
    if (tier) this.metrics.replicaUnregistrations.inc({ memory_type: tier });
  }
}

function parseRef(
  artifactId: string,
  replicaId: string,
): { artifactId: string; replicaId: string } {
  return {
    replicaId: parseReplicaId('replica_id', replicaId),
    artifactId: optionalString('artifact_id', artifactId),
  };
}
