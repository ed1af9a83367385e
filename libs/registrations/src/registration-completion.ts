import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError } from '../../common/src';
import {
  ArtifactRecord,
  ArtifactStore,
  MemoryTier,
  ReplicaStore,
  mi2ArtifactId,
  multihashFromDigest,
} from '../../artifacts/src';
import { timestampFromMs } from '../../grpc/src';
import { WriteTransaction } from '../../persistence/src';
import { WorkersService } from '../../workers/src';
import { Coverage } from './coverage';
import { merkleRoot } from './merkle';
import { PlanKind, RegistrationEntity } from './registration.entity';
import {
  endIfOpen,
  findRegistration,
  fromFrameRow,
  loadFrames,
  notOpenError,
} from './registration-records';

/** ArtifactIdKind MI2 as stored in artifacts.id_kind. */
const ID_KIND_MI2 = 1;
/**
 * A committed replica's max_concurrency until the daemon says otherwise (RegisterReplica or
 * reconcile update the row): one transfer at a time never overloads a fresh replica.
 */
export const COMMITTED_REPLICA_MAX_CONCURRENCY = 1;

export type ArtifactDescriptorView = Pick<
  ArtifactRecord,
  'artifactId' | 'indexMultihash' | 'dataMultihash' | 'schemaVersion' | 'encoding' | 'totalSize'
>;

export interface CommitAnswer {
  descriptor: ArtifactDescriptorView;
  replicaId: string;
  existed: boolean;
}

/** What a completed registration became, for the caller's log line. */
export interface Completion {
  answer: CommitAnswer;
  workerId: string;
  tier: MemoryTier;
}

const MEMORY_TIER_OF_PLAN: Record<PlanKind, MemoryTier> = {
  coalesced: 'GPU',
  lease: 'GPU',
  cpu: 'RAM',
};

/**
 * The content half of a commit, inside the caller's transaction: full coverage → Merkle
 * root → `mi2:` id, then the artifact and the replica on the registration's worker (the
 * artifacts module's stores, which own those tables) and the registration's COMMITTED
 * state. Either all of it is written or the transaction is rolled back.
 */
@Injectable()
export class RegistrationCompletion {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly workers: WorkersService,
    private readonly artifacts: ArtifactStore,
    private readonly replicas: ReplicaStore,
  ) {}

  /** `row` is OPEN at the caller's epoch and its lease is current. */
  async complete(tx: WriteTransaction, row: RegistrationEntity): Promise<Completion> {
    const id = row.registrationId;
    const coverage = new Coverage(row.totalSize);
    for (const frame of await loadFrames(tx.manager, [id])) coverage.add(fromFrameRow(frame));
    const gap = coverage.firstGap();
    if (gap) {
      throw new DomainError(
        'REGISTRATION_INCOMPLETE',
        `coverage: bytes [${gap.start}, ${gap.end}) of registration ${id} have not been fed ` +
          `(${coverage.coveredBytes} of ${row.totalSize} bytes covered; a Feed counts once its stream is answered)`,
        'coverage',
      );
    }
    const worker = this.workers.getActiveWorker(row.workerId);
    if (!worker) {
      throw new DomainError(
        'REGISTRATION_ABORTED',
        `registration ${id}: worker ${row.workerId} is no longer active, so the registration is being revoked`,
      );
    }

    const indexMultihash = multihashFromDigest(Buffer.from(row.tensorIndexKey, 'hex'));
    const dataMultihash = multihashFromDigest(merkleRoot(coverage.frames().map((f) => f.digest)));
    const artifactId = mi2ArtifactId(indexMultihash, dataMultihash);
    const index = await this.artifacts.findTensorIndexDescriptor(tx, row.tensorIndexKey);
    const known = await this.artifacts.findArtifact(tx, artifactId);
    if (known && known.totalSize > 0 && known.totalSize !== row.totalSize) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `total_size: artifact ${artifactId} is recorded with ${known.totalSize} bytes, ` +
          `but registration ${id} covers ${row.totalSize}`,
        'total_size',
      );
    }
    const { artifact } = await this.artifacts.upsertArtifact(
      tx,
      {
        artifactId,
        indexMultihash,
        dataMultihash,
        schemaVersion: index?.schemaVersion,
        encoding: index?.encoding,
        totalSize: row.totalSize,
        idKind: ID_KIND_MI2,
        tensorIndexKey: row.tensorIndexKey,
      },
      known,
    );
    const tier = MEMORY_TIER_OF_PLAN[row.planKind];
    const now = this.clock.now();
    const remoteKey = row.plan.remoteMemoryKey ?? '';
    const { replica, existed } = await this.replicas.upsertReplica(tx, {
      artifactId,
      workerId: worker.workerId,
      viewId: '',
      nodeId: worker.nodeId,
      nodeAddress: worker.nodeAddress,
      nodePort: worker.grpcPort,
      memoryTier: tier,
      deviceId: row.deviceId,
      memorySize: row.totalSize,
      maxConcurrency: COMMITTED_REPLICA_MAX_CONCURRENCY,
      memoryInfo: {
        node_id: worker.nodeId,
        node_address: worker.nodeAddress,
        node_port: worker.grpcPort,
        memory_size: String(row.totalSize),
        memory_type: `MEMORY_TYPE_${tier}`,
        device_id: tier === 'GPU' ? row.deviceId : 0,
        remote_memory_keys: remoteKey === '' ? [] : [remoteKey],
        buffer_sizes: remoteKey === '' ? [] : [String(row.totalSize)],
        is_memory_replica: true,
        tensor_index_key: row.tensorIndexKey,
        creation_ts: timestampFromMs(now),
        source_process_id: String(row.ownerPid),
        verification_json: '',
      },
    });
    const committed = await endIfOpen(tx, id, row.epoch, 'COMMITTED', '', now, {
      artifactId,
      replicaId: replica.replicaId,
    });
    if (!committed) throw notOpenError(await findRegistration(tx.manager, id), id);
    return {
      answer: { descriptor: artifact, replicaId: replica.replicaId, existed },
      workerId: worker.workerId,
      tier,
    };
  }

  /** A repeated Commit of a COMMITTED registration: the stored outcome, with existed = true. */
  async replay(tx: WriteTransaction, row: RegistrationEntity): Promise<CommitAnswer> {
    const artifact = await this.artifacts.findArtifact(tx, row.artifactId);
    if (!artifact) {
      throw new DomainError(
        'ARTIFACT_NOT_FOUND',
        `registration ${row.registrationId} committed artifact ${row.artifactId}, which has since been removed`,
      );
    }
    return { descriptor: artifact, replicaId: row.replicaId, existed: true };
  }
}
