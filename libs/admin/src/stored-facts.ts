import { EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  ArtifactEntity,
  KeyMappingEntity,
  MEMORY_TIER_OF,
  MEMORY_TYPE_NUMBER,
  ReplicaEntity,
} from '../../artifacts/src';
import { ServerMetaEntity } from '../../persistence/src';
import { RegistrationEntity } from '../../registrations/src';
import { WorkerEntity } from '../../workers/src';
import { PageCursor, encodePageToken } from './admin-page';
import {
  ArtifactSummary,
  MappingResolution,
  Page,
  REPLICA_TIERS,
  RegistrationFilter,
  ReplicaFilter,
  ReplicaSummary,
  ReplicaTierCounts,
} from './admin.types';

/** Every table the admin reads, for a DataSource opened outside Nest (offline inspection). */
export const ADMIN_ENTITIES = [
  WorkerEntity,
  ReplicaEntity,
  ArtifactEntity,
  KeyMappingEntity,
  RegistrationEntity,
  ServerMetaEntity,
];

export interface AvailabilityCount {
  total: number;
  available: number;
}

const ID_KINDS: Record<number, string> = { 0: 'UNSPECIFIED', 1: 'MI2', 2: 'CGID' };
const IN_LIST_CHUNK = 500;

/**
 * The durable facts the admin lists, read with plain SELECTs on the tables the owning
 * modules write. Admin listings are operator reads, never the hot path, and the same reads
 * must work on a database file with no server around it (`tensorcast global inspect`): so
 * they go to the tables, not to the owning modules' in-memory indexes. Nothing here writes.
 */
export class StoredFacts {
  constructor(private readonly manager: EntityManager) {}

  async replicaCountsByTier(): Promise<ReplicaTierCounts[]> {
    const rows: { memory_type: number | string; available: unknown; n: number | string }[] =
      await this.manager
        .createQueryBuilder(ReplicaEntity, 'r')
        .select('r.memoryType', 'memory_type')
        .addSelect('r.available', 'available')
        .addSelect('COUNT(*)', 'n')
        .groupBy('r.memoryType')
        .addGroupBy('r.available')
        .getRawMany();
    const counts = REPLICA_TIERS.map((tier) => ({ tier, available: 0, unavailable: 0 }));
    for (const row of rows) {
      const entry = counts.find((c) => c.tier === MEMORY_TIER_OF[Number(row.memory_type)]);
      if (!entry) continue;
      if (isTrue(row.available)) entry.available += Number(row.n);
      else entry.unavailable += Number(row.n);
    }
    return counts;
  }

  /** Replica counts per worker (only workers holding at least one replica appear). */
  async replicaCountsByWorker(
    workerIds?: readonly string[],
  ): Promise<Map<string, AvailabilityCount>> {
    return this.countsBy('workerId', 'worker_id', workerIds);
  }

  async replicaCountsByArtifact(
    artifactIds: readonly string[],
  ): Promise<Map<string, AvailabilityCount>> {
    return this.countsBy('artifactId', 'artifact_id', artifactIds);
  }

  async listReplicas(filter: ReplicaFilter, cursor: PageCursor): Promise<Page<ReplicaSummary>> {
    const totalSize = await this.filteredReplicas(filter).getCount();
    const query = this.filteredReplicas(filter);
    if (cursor.after) {
      const [afterArtifact, afterReplica] = cursor.after;
      query.andWhere(
        '(r.artifactId > :afterArtifact OR (r.artifactId = :afterArtifact AND r.replicaId > :afterReplica))',
        { afterArtifact, afterReplica: afterReplica ?? '' },
      );
    }
    const rows = await query
      .orderBy('r.artifactId', 'ASC')
      .addOrderBy('r.replicaId', 'ASC')
      .limit(cursor.pageSize + 1)
      .getMany();
    const items = rows.slice(0, cursor.pageSize);
    const last = items[items.length - 1];
    return {
      items: items.map(toReplicaSummary),
      totalSize,
      nextPageToken:
        rows.length > cursor.pageSize && last
          ? encodePageToken(cursor, [last.artifactId, last.replicaId])
          : '',
    };
  }

  async replicasOf(filter: { workerId?: string; artifactId?: string }): Promise<ReplicaSummary[]> {
    const rows = await this.filteredReplicas(filter)
      .orderBy('r.artifactId', 'ASC')
      .addOrderBy('r.replicaId', 'ASC')
      .getMany();
    return rows.map(toReplicaSummary);
  }

  countArtifacts(): Promise<number> {
    return this.manager.count(ArtifactEntity);
  }

  async listArtifacts(cursor: PageCursor): Promise<Page<ArtifactSummary>> {
    const totalSize = await this.countArtifacts();
    const query = this.manager.createQueryBuilder(ArtifactEntity, 'a');
    if (cursor.after) query.where('a.artifactId > :after', { after: cursor.after[0] });
    const rows = await query
      .orderBy('a.artifactId', 'ASC')
      .limit(cursor.pageSize + 1)
      .getMany();
    const page = rows.slice(0, cursor.pageSize);
    const counts = await this.replicaCountsByArtifact(page.map((a) => a.artifactId));
    const last = page[page.length - 1];
    return {
      items: page.map((a) => toArtifactSummary(a, counts.get(a.artifactId))),
      totalSize,
      nextPageToken:
        rows.length > cursor.pageSize && last ? encodePageToken(cursor, [last.artifactId]) : '',
    };
  }

  async findArtifact(artifactId: string): Promise<ArtifactSummary | undefined> {
    const row = await this.manager.findOneBy(ArtifactEntity, { artifactId });
    if (!row) return undefined;
    const counts = await this.replicaCountsByArtifact([artifactId]);
    return toArtifactSummary(row, counts.get(artifactId));
  }

  async resolveMapping(key: string): Promise<MappingResolution> {
    const row = await this.manager.findOneBy(KeyMappingEntity, { key });
    if (!row) return { found: false, key };
    return {
      found: true,
      key,
      artifactId: row.artifactId,
      replicaUuid: row.replicaUuid,
      daemonAddress: row.daemonAddress,
      generation: Number(row.generation),
      swapped: row.swapped,
      ttlMs: Number(row.ttlMs),
      createdAt: Number(row.createdAt),
      updatedAt: Number(row.updatedAt),
    };
  }

  /** Offline only: a running server reads workers from WorkersService's memory. */
  workerRows(): Promise<WorkerEntity[]> {
    return this.manager.find(WorkerEntity, { order: { workerId: 'ASC' } });
  }

  /** Offline only: a running server reads open leases from RegistrationsService. */
  openRegistrationRows(filter: RegistrationFilter): Promise<RegistrationEntity[]> {
    const query = this.manager
      .createQueryBuilder(RegistrationEntity, 'g')
      .where('g.state = :state', { state: 'OPEN' });
    if (filter.workerId) query.andWhere('g.workerId = :workerId', { workerId: filter.workerId });
    if (filter.daemonId) query.andWhere('g.daemonId = :daemonId', { daemonId: filter.daemonId });
    return query.orderBy('g.createdAt', 'ASC').addOrderBy('g.registrationId', 'ASC').getMany();
  }

  async clusterId(): Promise<string> {
    const row = await this.manager.findOneBy(ServerMetaEntity, { key: 'cluster_id' });
    return row?.value ?? '';
  }

  private filteredReplicas(filter: ReplicaFilter): SelectQueryBuilder<ReplicaEntity> {
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

export function toReplicaSummary(r: ReplicaEntity): ReplicaSummary {
  return {
    replicaId: r.replicaId,
    artifactId: r.artifactId,
    workerId: r.workerId,
    viewId: r.viewId,
    nodeId: r.nodeId,
    nodeAddress: r.nodeAddress,
    nodePort: r.nodePort,
    tier: MEMORY_TIER_OF[r.memoryType] ?? 'RAM',
    deviceId: r.deviceId,
    memorySize: Number(r.memorySize),
    maxConcurrency: r.maxConcurrency,
    currentRequests: r.currentRequests,
    available: r.available,
    registeredAt: Number(r.registeredAt),
    updatedAt: Number(r.updatedAt),
  };
}

function toArtifactSummary(a: ArtifactEntity, counts?: AvailabilityCount): ArtifactSummary {
  return {
    artifactId: a.artifactId,
    idKind: ID_KINDS[a.idKind] ?? String(a.idKind),
    totalSize: Number(a.totalSize),
    indexMultihash: a.indexMultihash,
    dataMultihash: a.dataMultihash,
    schemaVersion: a.schemaVersion,
    encoding: a.encoding,
    tensorIndexKey: a.tensorIndexKey ?? '',
    createdAt: Number(a.createdAt),
    updatedAt: Number(a.updatedAt),
    replicaCount: counts?.total ?? 0,
    availableReplicaCount: counts?.available ?? 0,
  };
}
