import { Injectable } from '@nestjs/common';
import { requireNonEmpty } from '../../common/src';
import type { wire } from '../../grpc/src';
import { CommittedReads } from '../../persistence/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore } from './artifact-store';
import { compareForReads } from './replica-ranking';
import { ReplicaRecord, ReplicaStore } from './replica-store';

export interface ArtifactInfoInput {
  artifactId: string;
  /** google.protobuf.BoolValue: unset means true. */
  includeReplicas?: boolean;
  requestedByteSpace?: wire.ByteSpaceRef__Output | null;
}

export type ArtifactInfo =
  { found: false } | { found: true; artifact: ArtifactEntity | null; replicas: ReplicaRecord[] };

/**
 * AssemblyViewService.GetArtifactInfoById: where a reader should fetch an artifact from.
 * Only available replicas, best first (GPU > RAM > DISK, then least loaded), plus the
 * descriptor whenever the artifact is known.
 */
@Injectable()
export class AssemblyService {
  constructor(
    private readonly reads: CommittedReads,
    private readonly artifacts: ArtifactStore,
    private readonly replicas: ReplicaStore,
  ) {}

  async getArtifactInfoById(input: ArtifactInfoInput): Promise<ArtifactInfo> {
    const artifactId = requireNonEmpty('artifact_id', input.artifactId);
    const viewId =
      input.includeReplicas === false ? null : requestedViewId(input.requestedByteSpace);
    // The descriptor from a committed snapshot, the replicas from committed memory, both of
    // the same commit (runWithMemory): never an artifact without the replicas registered
    // with it, nor the other way round.
    const { artifact, replicas } = await this.reads.runWithMemory(async (manager) => ({
      artifact: await this.artifacts.findArtifact(manager, artifactId),
      replicas:
        viewId === null
          ? []
          : this.replicas.committed
              .ofArtifact(artifactId)
              .filter((r) => r.available && (viewId === undefined || r.viewId === viewId)),
    }));
    replicas.sort(compareForReads);
    if (!artifact && replicas.length === 0) return { found: false };
    return { found: true, artifact, replicas };
  }
}

/**
 * No byte space requested: every layout. CANONICAL: whole-artifact replicas only. VIEW:
 * replicas of that view.
 */
function requestedViewId(
  byteSpace: wire.ByteSpaceRef__Output | null | undefined,
): string | undefined {
  const kind = String(byteSpace?.kind ?? '');
  if (kind === 'BYTE_SPACE_KIND_CANONICAL' || kind === '1') return '';
  if (kind === 'BYTE_SPACE_KIND_VIEW' || kind === '2') {
    return requireNonEmpty('requested_byte_space.id', byteSpace?.id);
  }
  return undefined;
}
