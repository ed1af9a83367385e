import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  InvalidArgumentError,
  optionalString,
  parseUint64,
  requireNonEmpty,
  requirePositive,
  quoteClientValue,
} from '../../common/src';
import type { wire } from '../../grpc/src';
import {
  IdempotencyStore,
  WriteQueue,
  WriteTransaction,
  requestFingerprint,
} from '../../persistence/src';
import { WorkersService } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore, ArtifactUpsert } from './artifact-store';
import { ArtifactsMetrics } from './artifacts.metrics';
import { isSha256Multihash, parseMi2ArtifactId, sha256, sha256Multihash } from './multihash';
import { ReplicaStore } from './replica-store';
import { ValidatedMemoryInfo, toReplicaUpsert, validateMemoryInfo } from './replica-wire';

/** RegisterReplica as received, top-level fields named for the domain. */
export interface RegisterReplicaInput {
  artifactId: string;
  memInfo: wire.MemoryInfo__Output | null | undefined;
  maxConcurrency: number;
  workerId: string;
  tensorIndexData?: Buffer;
  encoding?: string;
  schemaVersion?: string;
  diskPath?: string;
  descriptor?: wire.ArtifactDescriptor__Output | null;
  clientRequestId?: string;
}

export interface RegisterReplicaResult {
  artifactId: string;
  replicaId: string;
}

/** The only tensor index schema this server accepts (compat). */
export const SUPPORTED_SCHEMA_VERSION = 'v3';

const ID_KIND_NUMBER: Record<string, number> = {
  ARTIFACT_ID_KIND_MI2: 1,
  ARTIFACT_ID_KIND_CGID: 2,
  '1': 1,
  '2': 2,
};

interface ValidatedRegistration {
  artifactId: string;
  workerId: string;
  maxConcurrency: number;
  memory: ValidatedMemoryInfo;
  tensorIndexData: Buffer | undefined;
  artifact: ArtifactUpsert;
  /**
   * The request names index or data content for an id that does not pin them (not mi2):
   * what is already recorded for the artifact must then agree.
   */
  checkRecorded: boolean;
}

/**
 * RegisterReplica (compat): a worker announces that it holds a replica of an artifact. The
 * artifact row, the tensor index, the replica and the worker's checksum change in one
 * transaction of the write queue, answered after its commit.
 */
@Injectable()
export class ReplicaRegistrationService {
  private readonly logger = new Logger('ReplicaRegistration');

  constructor(
    private readonly writes: WriteQueue,
    private readonly idempotency: IdempotencyStore,
    private readonly workers: WorkersService,
    private readonly replicas: ReplicaStore,
    private readonly artifacts: ArtifactStore,
    private readonly metrics: ArtifactsMetrics,
  ) {}

  async registerReplica(input: RegisterReplicaInput): Promise<RegisterReplicaResult> {
    const registration = validateRegistration(input);
    const { clientRequestId, ...request } = input;
    const replayable = (clientRequestId ?? '').trim() !== '';
    if (!replayable && !registration.checkRecorded && !registration.tensorIndexData) {
      // The common registration reads nothing stored and only stages the artifact and the
      // replica for its commit group: no savepoint, no statement of its own.
      return this.writes.runStaged((tx) => this.registerInTransaction(tx, registration));
    }
    // Only a request that can be replayed needs its fingerprint (a canonical JSON + sha256).
    const fingerprint = replayable ? requestFingerprint(request) : '';
    return this.writes.run((tx) =>
      this.idempotency.execute(tx, 'RegisterReplica', clientRequestId, fingerprint, () =>
        this.registerInTransaction(tx, registration),
      ),
    );
  }

  private async registerInTransaction(
    tx: WriteTransaction,
    registration: ValidatedRegistration,
  ): Promise<RegisterReplicaResult> {
    const { artifactId, workerId, memory } = registration;
    // Checked inside the write: deactivation goes through the same queue, so a worker cannot
    // time out between this check and the commit and leave an available replica behind.
    if (!this.workers.getActiveWorker(workerId)) {
      throw new DomainError(
        'WORKER_NOT_FOUND',
        `worker_id: worker ${quoteClientValue(workerId)} is not registered or not active; register the worker first`,
        'worker_id',
      );
    }
    const artifact = { ...registration.artifact };
    // The stored row is read only when the request names content it must agree with; the
    // artifact is recorded with the group's one UPSERT, which keeps what the request leaves
    // empty.
    if (registration.checkRecorded) {
      const recorded = await this.artifacts.findArtifact(tx, artifactId);
      if (recorded) refuseChangedContent(recorded, artifact, registration.tensorIndexData);
    }
    if (registration.tensorIndexData) {
      artifact.tensorIndexKey = await this.artifacts.storeTensorIndex(
        tx,
        registration.tensorIndexData,
        artifact.encoding ?? '',
        artifact.schemaVersion ?? '',
      );
    }
    this.artifacts.recordArtifact(tx, artifact);

    // The replica store computes and stores the checksum of this worker (and of a previous
    // holder of the identity) once for the whole commit group.
    const { replica } = await this.replicas.upsertReplica(
      tx,
      toReplicaUpsert(memory, {
        artifactId,
        workerId,
        maxConcurrency: registration.maxConcurrency,
      }),
    );
    tx.afterCommit(() => this.metrics.replicaRegistrations.inc({ memory_type: memory.memoryTier }));
    this.logger.debug(
      `replica ${replica.replicaId} of ${artifactId} on ${workerId} (${memory.memoryTier}) registered`,
    );
    return { artifactId, replicaId: replica.replicaId };
  }
}

/** Every field rule of RegisterReplica; nothing here reads state. */
function validateRegistration(input: RegisterReplicaInput): ValidatedRegistration {
  const descriptor = input.descriptor ?? undefined;
  const fromDescriptor = (descriptor?.artifact_id ?? '').trim() !== '';
  const artifactId = fromDescriptor
    ? requireNonEmpty('descriptor.artifact_id', descriptor?.artifact_id)
    : requireNonEmpty('artifact_id', input.artifactId);
  const schemaVersion = optionalString('schema_version', input.schemaVersion);
  if (schemaVersion !== '' && schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    throw new InvalidArgumentError(
      'schema_version',
      `must be "${SUPPORTED_SCHEMA_VERSION}" when given (got ${quoteClientValue(schemaVersion)})`,
    );
  }
  const workerId = requireNonEmpty('worker_id', input.workerId);
  const maxConcurrency = requirePositive('max_concurrency', input.maxConcurrency ?? 0);
  const memory = validateMemoryInfo(input.memInfo, 'mem_info');

  const tensorIndexData =
    input.tensorIndexData && input.tensorIndexData.length > 0 ? input.tensorIndexData : undefined;
  if (tensorIndexData) {
    const key = sha256(tensorIndexData).toString('hex');
    if (memory.tensorIndexKey !== '' && memory.tensorIndexKey !== key) {
      throw new InvalidArgumentError(
        'mem_info.tensor_index_key',
        `is not the sha256 of tensor_index_data (expected ${key})`,
      );
    }
    memory.tensorIndexKey = key;
    memory.stored.tensor_index_key = key;
  }

  const fromId = parseMi2ArtifactId(artifactId);
  const idMultihashes =
    fromId && isSha256Multihash(fromId.indexMultihash) && isSha256Multihash(fromId.dataMultihash)
      ? fromId
      : undefined;
  const indexMultihash = optionalString('descriptor.index_multihash', descriptor?.index_multihash);
  const dataMultihash = optionalString('descriptor.data_multihash', descriptor?.data_multihash);
  if (fromId && indexMultihash !== '' && indexMultihash !== fromId.indexMultihash) {
    throw new InvalidArgumentError(
      'descriptor.index_multihash',
      `does not match artifact id ${quoteClientValue(artifactId)}`,
    );
  }
  if (fromId && dataMultihash !== '' && dataMultihash !== fromId.dataMultihash) {
    throw new InvalidArgumentError(
      'descriptor.data_multihash',
      `does not match artifact id ${quoteClientValue(artifactId)}`,
    );
  }
  const knownIndexMultihash = indexMultihash || idMultihashes?.indexMultihash || '';
  if (
    tensorIndexData &&
    knownIndexMultihash !== '' &&
    sha256Multihash(tensorIndexData) !== knownIndexMultihash
  ) {
    throw new DomainError(
      'INDEX_MISMATCH',
      `tensor_index_data: its sha2-256 multihash is not the artifact's index multihash ${quoteClientValue(knownIndexMultihash)}`,
      'tensor_index_data',
    );
  }
  const idKindName = String(descriptor?.id_kind ?? '');
  const idKind = ID_KIND_NUMBER[idKindName] ?? (fromId ? ID_KIND_NUMBER.ARTIFACT_ID_KIND_MI2 : 0);
  const artifact: ArtifactUpsert = {
    artifactId,
    indexMultihash: knownIndexMultihash,
    dataMultihash: dataMultihash || idMultihashes?.dataMultihash || '',
    schemaVersion:
      schemaVersion || optionalString('descriptor.schema_version', descriptor?.schema_version),
    encoding:
      optionalString('encoding', input.encoding) ||
      optionalString('descriptor.encoding', descriptor?.encoding),
    totalSize: parseUint64('descriptor.total_size', descriptor?.total_size),
    idKind,
  };
  const checkRecorded =
    idMultihashes === undefined &&
    (tensorIndexData !== undefined || indexMultihash !== '' || dataMultihash !== '');
  return { artifactId, workerId, maxConcurrency, memory, tensorIndexData, artifact, checkRecorded };
}

/** A registered artifact's content never changes under its id (as UpsertArtifactMetadata holds). */
function refuseChangedContent(
  recorded: ArtifactEntity,
  next: ArtifactUpsert,
  tensorIndexData: Buffer | undefined,
): void {
  const comparisons: [string, string, string][] = [
    ['descriptor.index_multihash', recorded.indexMultihash, next.indexMultihash ?? ''],
    ['descriptor.data_multihash', recorded.dataMultihash, next.dataMultihash ?? ''],
    [
      'tensor_index_data',
      recorded.tensorIndexKey ?? '',
      tensorIndexData ? sha256(tensorIndexData).toString('hex') : '',
    ],
  ];
  for (const [field, was, now] of comparisons) {
    if (was !== '' && now !== '' && was !== now) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `${field}: artifact ${quoteClientValue(recorded.artifactId)} is recorded with ${was}; its content cannot change`,
        field,
      );
    }
  }
}
