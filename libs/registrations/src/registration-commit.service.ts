import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock, DomainError, parseUint64, requireNonEmpty } from '../../common/src';
import {
  ArtifactEntity,
  ArtifactStore,
  MemoryTier,
  ReplicaStore,
  mi2ArtifactId,
  multihashFromDigest,
} from '../../artifacts/src';
import { timestampFromMs } from '../../grpc/src';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import { WorkersService } from '../../workers/src';
import { Coverage } from './coverage';
import { merkleRoot } from './merkle';
import { PlanKind, RegistrationEntity } from './registration.entity';
import { RegistrationGate } from './registration-gate';
import { OpenRegistration, RegistrationLeases } from './registration-leases';
import {
  endIfOpen,
  findRegistration,
  fromFrameRow,
  loadFrames,
  notOpenError,
} from './registration-records';
import { CommitResult as CommitOutcome, RegistrationsMetrics } from './registrations.metrics';

/** ArtifactIdKind MI2 as stored in artifacts.id_kind. */
const ID_KIND_MI2 = 1;
/**
 * A committed replica's max_concurrency until the daemon says otherwise (RegisterReplica or
 * reconcile update the row): one transfer at a time never overloads a fresh replica.
 */
export const COMMITTED_REPLICA_MAX_CONCURRENCY = 1;

export interface ArtifactDescriptorView {
  artifactId: string;
  indexMultihash: string;
  dataMultihash: string;
  schemaVersion: string;
  encoding: string;
  totalSize: number;
}

export interface CommitAnswer {
  descriptor: ArtifactDescriptorView;
  replicaId: string;
  existed: boolean;
}

type CommitStep =
  { kind: 'committed'; answer: CommitAnswer } | { kind: 'expired'; error: DomainError };

const MEMORY_TIER_OF_PLAN: Record<PlanKind, MemoryTier> = {
  coalesced: 'GPU',
  lease: 'GPU',
  cpu: 'RAM',
};

/**
 * CommitRegistration: full coverage → Merkle root → `mi2:` id, then artifact, replica,
 * worker checksum and the registration's COMMITTED state in one fenced transaction. A commit
 * either happens whole or leaves nothing.
 */
@Injectable()
export class RegistrationCommitService {
  private readonly logger = new Logger('Registrations');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly gate: RegistrationGate,
    private readonly leases: RegistrationLeases,
    private readonly artifacts: ArtifactStore,
    private readonly replicas: ReplicaStore,
    private readonly workers: WorkersService,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  async commit(
    registrationId: string,
    epochValue: string | number | undefined,
  ): Promise<CommitAnswer> {
    const id = requireNonEmpty('registration_id', registrationId);
    const epoch = parseUint64('epoch', epochValue);
    const live = this.leases.get(id);
    if (live) {
      this.gate.requireEpoch(live, epoch);
      if (this.leases.isExpired(live)) {
        const error = await this.gate.expireNow(live);
        this.observe('expired', live, null);
        throw error;
      }
    }
    const seen: { row: RegistrationEntity | null } = { row: null };
    try {
      const step = await this.writes.run(async (tx): Promise<CommitStep> => {
        seen.row = await findRegistration(tx.manager, id);
        return this.commitInTransaction(tx, id, epoch, seen.row);
      });
      if (step.kind === 'expired') throw step.error;
      return step.answer;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'REGISTRATION_ABORTED') {
        this.observe('aborted', live, seen.row);
      } else if (error instanceof DomainError && error.code === 'REGISTRATION_EXPIRED') {
        this.observe('expired', live, seen.row);
      }
      throw error;
    }
  }

  private async commitInTransaction(
    tx: WriteTransaction,
    id: string,
    epoch: number,
    row: RegistrationEntity | null,
  ): Promise<CommitStep> {
    if (!row) throw notOpenError(null, id);
    if (row.state === 'COMMITTED') {
      requireRowEpoch(row, epoch);
      return { kind: 'committed', answer: await this.replayAnswer(tx, row) };
    }
    if (row.state !== 'OPEN') throw notOpenError(row, id);
    requireRowEpoch(row, epoch);
    const registration = this.leases.get(id);
    if (!registration || this.leases.isExpired(registration)) {
      // Judged at the moment the commit would happen: a lease that ran out while the commit
      // waited for the queue does not commit. The EXPIRED mark is this transaction's write.
      if (await endIfOpen(tx, id, row.epoch, 'EXPIRED', 'expired', this.clock.now())) {
        tx.afterCommit(() => this.leases.remove(id));
      }
      return {
        kind: 'expired',
        error: notOpenError({ ...row, state: 'EXPIRED', endReason: '' }, id),
      };
    }

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
    const index = await this.artifacts.findTensorIndexDescriptor(tx.manager, row.tensorIndexKey);
    const known = await this.artifacts.findArtifact(tx.manager, artifactId);
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
    tx.afterCommit(() => {
      this.leases.remove(id);
      this.metrics.commits[row.planKind].inc();
      this.observe('ok', registration, row);
      this.logger.log(
        `registration ${id} committed: ${artifactId} on worker ${worker.workerId} ` +
          `(${tier}${existed ? ', replica already existed' : ''})`,
      );
    });
    return {
      kind: 'committed',
      answer: { descriptor: describe(artifact), replicaId: replica.replicaId, existed },
    };
  }

  /** A repeated Commit: the stored outcome, with existed = true. */
  private async replayAnswer(tx: WriteTransaction, row: RegistrationEntity): Promise<CommitAnswer> {
    const artifact = await this.artifacts.findArtifact(tx.manager, row.artifactId);
    if (!artifact) {
      throw new DomainError(
        'ARTIFACT_NOT_FOUND',
        `registration ${row.registrationId} committed artifact ${row.artifactId}, which has since been removed`,
      );
    }
    return { descriptor: describe(artifact), replicaId: row.replicaId, existed: true };
  }

  /** Seconds since Begin: monotonic within one server run, wall clock across a restart. */
  private observe(
    result: CommitOutcome,
    live: OpenRegistration | undefined,
    row: RegistrationEntity | null,
  ): void {
    const seconds =
      live?.begunAtMonotonic !== undefined
        ? (this.clock.monotonic() - live.begunAtMonotonic) / 1000
        : (this.clock.now() - (live?.createdAt ?? row?.createdAt ?? this.clock.now())) / 1000;
    this.metrics.observeCommit(result, seconds);
  }
}

function requireRowEpoch(row: RegistrationEntity, epoch: number): void {
  if (row.epoch !== epoch) {
    throw new DomainError(
      'REGISTRATION_STALE_EPOCH',
      `epoch: ${epoch} is not the current epoch ${row.epoch} of registration ${row.registrationId}`,
      'epoch',
    );
  }
}

function describe(artifact: ArtifactEntity): ArtifactDescriptorView {
  return {
    artifactId: artifact.artifactId,
    indexMultihash: artifact.indexMultihash,
    dataMultihash: artifact.dataMultihash,
    schemaVersion: artifact.schemaVersion,
    encoding: artifact.encoding,
    totalSize: artifact.totalSize,
  };
}
