import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { optionalString, parseUint64 } from '../../common/src';
import { ArtifactsMetrics, ReplicaCountsByTier } from './artifacts.metrics';
import { decodePageToken, encodePageToken, filterDigest } from './page-token';
import { MEMORY_TIER_OF, MEMORY_TYPE_NUMBER, MemoryTier, ReplicaEntity } from './replica.entity';
import { deviceFilterFor, parseMemoryTierFilter } from './replica-wire';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Ids per IN (...) list: far below every driver's bound-parameter limit. */
const IN_LIST_CHUNK = 500;

export interface ListReplicasInput {
  nodeId?: string;
  nodeAddress?: string;
  memoryType?: unknown;
  deviceId?: number;
  artifactId?: string;
  pageSize?: number;
  pageToken?: string;
}

export interface ReplicaPage {
  replicas: ReplicaEntity[];
  /** Absent on the last page. */
  nextPageToken?: string;
  /** Every row matching the filters, across all pages. */
  totalSize: number;
}

export interface ReplicaCount {
  artifactId: string;
  replicaCount: number;
  availableCount: number;
}

interface ReplicaFilters {
  nodeId?: string;
  nodeAddress?: string;
  memoryTier?: MemoryTier;
  deviceId?: number;
  artifactId?: string;
}

/** The read side of the replica registry: ListReplicasV2, BatchGetReplicaCounts, metrics. */
@Injectable()
export class ReplicaListingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: ArtifactsMetrics,
  ) {
    metrics.countReplicasWith(() => this.countByMemoryTier());
  }

  /** All present filters apply (AND); rows come in (artifact_id, replica_id) order. */
  async listReplicas(input: ListReplicasInput): Promise<ReplicaPage> {
    const filters = parseFilters(input);
    const pageSize = Math.min(input.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const digest = filterDigest(filters);
    const token = (input.pageToken ?? '').trim();
    const after = token === '' ? undefined : decodePageToken(token, digest);

    const totalSize = await this.filtered(filters).getCount();
    const page = this.filtered(filters);
    if (after) {
      page.andWhere(
        '(r.artifactId > :afterArtifact OR (r.artifactId = :afterArtifact AND r.replicaId > :afterReplica))',
        { afterArtifact: after.artifactId, afterReplica: after.replicaId },
      );
    }
    const rows = await page
      .orderBy('r.artifactId', 'ASC')
      .addOrderBy('r.replicaId', 'ASC')
      .limit(pageSize + 1)
      .getMany();
    const replicas = rows.slice(0, pageSize);
    const last = replicas[replicas.length - 1];
    return {
      replicas,
      totalSize,
      nextPageToken:
        rows.length > pageSize && last
          ? encodePageToken({ artifactId: last.artifactId, replicaId: last.replicaId }, digest)
          : undefined,
    };
  }

  /**
   * One record per requested id (trimmed, empty ones dropped, duplicates once, in request
   * order); ids without replicas get zeros.
   */
  async batchGetReplicaCounts(artifactIds: readonly string[]): Promise<ReplicaCount[]> {
    const ids = [...new Set(artifactIds.map((id) => id.trim()).filter((id) => id !== ''))];
    const found = new Map<string, ReplicaCount>();
    for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
      const rows: {
        artifact_id: string;
        replica_count: number | string;
        available_count: number | string | null;
      }[] = await this.dataSource.manager
        .createQueryBuilder(ReplicaEntity, 'r')
        .select('r.artifactId', 'artifact_id')
        .addSelect('COUNT(*)', 'replica_count')
        .addSelect('SUM(CASE WHEN r.available = :yes THEN 1 ELSE 0 END)', 'available_count')
        .where('r.artifactId IN (:...ids)', { ids: ids.slice(i, i + IN_LIST_CHUNK), yes: true })
        .groupBy('r.artifactId')
        .getRawMany();
      for (const row of rows) {
        found.set(row.artifact_id, {
          artifactId: row.artifact_id,
          replicaCount: Number(row.replica_count),
          availableCount: Number(row.available_count ?? 0),
        });
      }
    }
    return ids.map(
      (artifactId) => found.get(artifactId) ?? { artifactId, replicaCount: 0, availableCount: 0 },
    );
  }

  async countByMemoryTier(): Promise<ReplicaCountsByTier> {
    const rows: { memory_type: number; replicas: number | string }[] = await this.dataSource.manager
      .createQueryBuilder(ReplicaEntity, 'r')
      .select('r.memoryType', 'memory_type')
      .addSelect('COUNT(*)', 'replicas')
      .groupBy('r.memoryType')
      .getRawMany();
    const counts: ReplicaCountsByTier = { GPU: 0, RAM: 0, DISK: 0 };
    for (const row of rows) {
      const tier = MEMORY_TIER_OF[Number(row.memory_type)];
      if (tier) counts[tier] += Number(row.replicas);
    }
    return counts;
  }

  private filtered(filters: ReplicaFilters): SelectQueryBuilder<ReplicaEntity> {
    const query = this.dataSource.manager.createQueryBuilder(ReplicaEntity, 'r');
    if (filters.artifactId !== undefined) query.andWhere('r.artifactId = :artifactId', filters);
    if (filters.nodeId !== undefined) query.andWhere('r.nodeId = :nodeId', filters);
    if (filters.nodeAddress !== undefined) query.andWhere('r.nodeAddress = :nodeAddress', filters);
    if (filters.memoryTier !== undefined) {
      query.andWhere('r.memoryType = :memoryType', {
        memoryType: MEMORY_TYPE_NUMBER[filters.memoryTier],
      });
    }
    if (filters.deviceId !== undefined) query.andWhere('r.deviceId = :deviceId', filters);
    return query;
  }
}

/** Empty strings count as "no filter": no replica has an empty node id or artifact id. */
function parseFilters(input: ListReplicasInput): ReplicaFilters {
  const text = (field: string, value: string | undefined) =>
    optionalString(field, value) || undefined;
  const memoryTier = parseMemoryTierFilter('memory_type', input.memoryType);
  const deviceId =
    input.deviceId === undefined ? undefined : parseUint64('device_id', input.deviceId);
  return {
    artifactId: text('artifact_id', input.artifactId),
    nodeId: text('node_id', input.nodeId),
    nodeAddress: text('node_address', input.nodeAddress),
    memoryTier,
    deviceId: deviceFilterFor(memoryTier, deviceId),
  };
}
