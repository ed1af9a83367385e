import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requireNonEmpty } from '../../common/src';
import type { wire } from '../../grpc/src';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly artifacts: ArtifactStore,
    private readonly replicas: ReplicaStore,
  ) {}

  async getArtifactInfoById(input: ArtifactInfoInput): Promise<ArtifactInfo> {
    const artifactId = requireNonEmpty('artifact_id', input.artifactId);
    const manager = this.dataSource.manager;
    const artifact = await this.artifacts.findArtifact(manager, artifactId);
    let replicas: ReplicaRecord[] = [];
    if (input.includeReplicas ?? true) {
      // Committed replicas from memory: no table read, nothing staged by a pending group.
      const viewId = requestedViewId(input.requestedByteSpace);
      replicas = this.replicas.committed
        .ofArtifact(artifactId)
        .filter((r) => r.available && (viewId === undefined || r.viewId === viewId))
        .sort(compareForReads);
    }
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
