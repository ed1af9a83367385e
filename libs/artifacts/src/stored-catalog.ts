import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ArtifactEntity, ArtifactRecord } from './artifact.entity';
import { KeyMappingEntity, KeyMappingRecord } from './key-mapping.entity';
import { MEMORY_TIER_OF, MEMORY_TYPE_NUMBER, MemoryTier, ReplicaEntity } from './replica.entity';
import { ReplicaRecord } from './replica-index';

export interface AvailabilityCount {
  total: number;
  available: number;
}

export interface StoredReplicaFilter {
  artifactId?: string;
  workerId?: string;
  nodeId?: string;
  tier?: MemoryTier;
  available?: boolean;
}

/** Ids per IN (...) list: under 999 bound parameters, the lowest driver limit. */
const IN_LIST_CHUNK = 500;

/**
 * The artifacts lib's tables (artifacts, replicas, key_mappings) read straight from the
 * database on a connection the caller picks: a committed-read snapshot of a running server
 * (admin listings) or a database file opened read-only with no server (`tensorcast global
 * inspect`). Operator reads, never the hot path, which answers from the ReplicaStore's
 * memory. Nothing here writes.
 */
export class StoredCatalog {
  /** The entities these reads need registered on a DataSource opened outside Nest. */
  static readonly entities = [ArtifactEntity, ReplicaEntity, KeyMappingEntity];

  constructor(private readonly manager: EntityManager) {}

  async replicaCountsByTier(): Promise<
    Map<MemoryTier, { available: number; unavailable: number }>
  > {
    const rows: { memory_type: number | string; available: unknown; n: number | string }[] =
      await this.manager
        .createQueryBuilder(ReplicaEntity, 'r')
        .select('r.memoryType', 'memory_type')
        .addSelect('r.available', 'available')
        .addSelect('COUNT(*)', 'n')
        .groupBy('r.memoryType')
        .addGroupBy('r.available')
        .getRawMany();
    const counts = new Map<MemoryTier, { available: number; unavailable: number }>();
    for (const row of rows) {
      const tier = MEMORY_TIER_OF[Number(row.memory_type)];
      if (!tier) continue;
      const entry = counts.get(tier) ?? { available: 0, unavailable: 0 };
      if (isTrue(row.available)) entry.available += Number(row.n);
      else entry.unavailable += Number(row.n);
      counts.set(tier, entry);
    }
    return counts;
  }

  /** Replica counts per worker (only workers holding at least one replica appear). */
  replicaCountsByWorker(workerIds?: readonly string[]): Promise<Map<string, AvailabilityCount>> {
    return this.countsBy('workerId', 'worker_id', workerIds);
  }

  replicaCountsByArtifact(artifactIds: readonly string[]): Promise<Map<string, AvailabilityCount>> {
    return this.countsBy('artifactId', 'artifact_id', artifactIds);
  }

  countReplicas(filter: StoredReplicaFilter): Promise<number> {
    return this.filteredReplicas(filter).getCount();
  }

  /**
   * Up to `limit` replicas matching the filter in (artifact_id, replica_id) order, after the
   * given key (a page's last row) when there is one.
   */
  replicasAfter(
    filter: StoredReplicaFilter,
    after: readonly [string, string] | undefined,
    limit?: number,
  ): Promise<ReplicaRecord[]> {
    const query = this.filteredReplicas(filter);
    if (after) {
      const [afterArtifact, afterReplica] = after;
      query.andWhere(
        '(r.artifactId > :afterArtifact OR (r.artifactId = :afterArtifact AND r.replicaId > :afterReplica))',
        { afterArtifact, afterReplica },
      );
    }
    query.orderBy('r.artifactId', 'ASC').addOrderBy('r.replicaId', 'ASC');
    if (limit !== undefined) query.limit(limit);
    return query.getMany();
  }

  countArtifacts(): Promise<number> {
    return this.manager.count(ArtifactEntity);
  }

  /** Up to `limit` artifacts in artifact_id order, after `after` when given. */
  artifactsAfter(after: string | undefined, limit: number): Promise<ArtifactRecord[]> {
    const query = this.manager.createQueryBuilder(ArtifactEntity, 'a');
    if (after !== undefined) query.where('a.artifactId > :after', { after });
    return query.orderBy('a.artifactId', 'ASC').limit(limit).getMany();
  }

  findArtifact(artifactId: string): Promise<ArtifactRecord | null> {
    return this.manager.findOneBy(ArtifactEntity, { artifactId });
  }

  findKeyMapping(key: string): Promise<KeyMappingRecord | null> {
    return this.manager.findOneBy(KeyMappingEntity, { key });
  }

  private filteredReplicas(filter: StoredReplicaFilter): SelectQueryBuilder<ReplicaEntity> {
    const query = this.manager.createQueryBuilder(ReplicaEntity, 'r');
    if (filter.artifactId) query.andWhere('r.artifactId = :artifactId', filter);
    if (filter.workerId) query.andWhere('r.workerId = :workerId', filter);
    if (filter.nodeId) query.andWhere('r.nodeId = :nodeId', filter);
    if (filter.tier) {
      query.andWhere('r.memoryType = :memoryType', { memoryType: MEMORY_TYPE_NUMBER[filter.tier] });
    }
    if (filter.available !== undefined) {
      query.andWhere('r.available = :available', { available: filter.available });
    }
    return query;
  }

  private async countsBy(
    property: 'workerId' | 'artifactId',
    column: string,
    ids: readonly string[] | undefined,
  ): Promise<Map<string, AvailabilityCount>> {
    const counts = new Map<string, AvailabilityCount>();
    const chunks: (readonly string[] | undefined)[] = [];
    if (ids === undefined) chunks.push(undefined);
    else
      for (let i = 0; i < ids.length; i += IN_LIST_CHUNK)
        chunks.push(ids.slice(i, i + IN_LIST_CHUNK));
    for (const chunk of chunks) {
      const query = this.manager
        .createQueryBuilder(ReplicaEntity, 'r')
        .select(`r.${property}`, column)
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(CASE WHEN r.available = :yes THEN 1 ELSE 0 END)', 'available_n')
        .setParameter('yes', true)
        .groupBy(`r.${property}`);
      if (chunk) query.where(`r.${property} IN (:...ids)`, { ids: chunk });
      const rows: Record<string, string | number | null>[] = await query.getRawMany();
      for (const row of rows) {
        counts.set(String(row[column]), {
          total: Number(row.n),
          available: Number(row.available_n ?? 0),
        });
      }
    }
    return counts;
  }
}

function isTrue(value: unknown): boolean {
  return value === true || Number(value) === 1;
}
