import { EntityManager } from 'typeorm';
import {
  ArtifactRecord,
  AvailabilityCount,
  MEMORY_TIER_OF,
  ReplicaRecord,
  StoredCatalog,
} from '../../artifacts/src';
import { StoredServerMeta } from '../../persistence/src';
import { RegistrationRecord, StoredRegistrations } from '../../registrations/src';
import { StoredWorkers, WorkerRecord } from '../../workers/src';
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
  ...StoredWorkers.entities,
  ...StoredCatalog.entities,
  ...StoredRegistrations.entities,
  ...StoredServerMeta.entities,
];

const ID_KINDS: Record<number, string> = { 0: 'UNSPECIFIED', 1: 'MI2', 2: 'CGID' };

/**
 * The durable facts the admin lists, read from the tables by the modules that own them
 * (their Stored* readers hold the SQL) and shaped here into admin pages and summaries.
 * Admin listings are operator reads, never the hot path, and the same reads must work on a
 * database file with no server around it (`tensorcast global inspect`): so they go to the
 * tables, not to the owning modules' in-memory indexes. Nothing here writes.
 *
 * Replica availability is the file's only once the server has settled the rows it recovered
 * (server_meta, REPLICA_AVAILABILITY_UNSETTLED): until then (the first seconds after a start,
 * or for good in a file whose server stopped before it finished) a row may still say
 * available for a replica no worker has re-confirmed since that start, so every replica is
 * reported unavailable, which is what any restart on the file makes of it too.
 */
export class StoredFacts {
  private readonly catalog: StoredCatalog;
  private readonly meta: StoredServerMeta;
  private readonly workers: StoredWorkers;
  private readonly registrations: StoredRegistrations;
  private unsettled: Promise<boolean> | undefined;

  constructor(manager: EntityManager) {
    this.catalog = new StoredCatalog(manager);
    this.meta = new StoredServerMeta(manager);
    this.workers = new StoredWorkers(manager);
    this.registrations = new StoredRegistrations(manager);
  }

  async replicaCountsByTier(): Promise<ReplicaTierCounts[]> {
    const counts = await this.catalog.replicaCountsByTier();
    const unsettled = await this.availabilityUnsettled();
    return REPLICA_TIERS.map((tier) => {
      const available = counts.get(tier)?.available ?? 0;
      const unavailable = counts.get(tier)?.unavailable ?? 0;
      return unsettled
        ? { tier, available: 0, unavailable: available + unavailable }
        : { tier, available, unavailable };
    });
  }

  /** Replica counts per worker (only workers holding at least one replica appear). */
  async replicaCountsByWorker(
    workerIds?: readonly string[],
  ): Promise<Map<string, AvailabilityCount>> {
    return this.settledCounts(await this.catalog.replicaCountsByWorker(workerIds));
  }

  async listReplicas(filter: ReplicaFilter, cursor: PageCursor): Promise<Page<ReplicaSummary>> {
    const unsettled = await this.availabilityUnsettled();
    if (unsettled && filter.available === true)
      return { items: [], totalSize: 0, nextPageToken: '' };
    if (unsettled) filter = { ...filter, available: undefined };
    const totalSize = await this.catalog.countReplicas(filter);
    const after = cursor.after && ([cursor.after[0], cursor.after[1] ?? ''] as const);
    const rows = await this.catalog.replicasAfter(filter, after, cursor.pageSize + 1);
    const items = rows.slice(0, cursor.pageSize);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => toReplicaSummary(r, unsettled)),
      totalSize,
      nextPageToken:
        rows.length > cursor.pageSize && last
          ? encodePageToken(cursor, [last.artifactId, last.replicaId])
          : '',
    };
  }

  async replicasOf(filter: { workerId?: string; artifactId?: string }): Promise<ReplicaSummary[]> {
    const unsettled = await this.availabilityUnsettled();
    return (await this.catalog.replicasAfter(filter, undefined)).map((r) =>
      toReplicaSummary(r, unsettled),
    );
  }

  countArtifacts(): Promise<number> {
    return this.catalog.countArtifacts();
  }

  async listArtifacts(cursor: PageCursor): Promise<Page<ArtifactSummary>> {
    const totalSize = await this.countArtifacts();
    const rows = await this.catalog.artifactsAfter(cursor.after?.[0], cursor.pageSize + 1);
    const page = rows.slice(0, cursor.pageSize);
    const counts = await this.settledCounts(
      await this.catalog.replicaCountsByArtifact(page.map((a) => a.artifactId)),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((a) => toArtifactSummary(a, counts.get(a.artifactId))),
      totalSize,
      nextPageToken:
        rows.length > cursor.pageSize && last ? encodePageToken(cursor, [last.artifactId]) : '',
    };
  }

  async findArtifact(artifactId: string): Promise<ArtifactSummary | undefined> {
    const row = await this.catalog.findArtifact(artifactId);
    if (!row) return undefined;
    const counts = await this.settledCounts(
      await this.catalog.replicaCountsByArtifact([artifactId]),
    );
    return toArtifactSummary(row, counts.get(artifactId));
  }

  async resolveMapping(key: string): Promise<MappingResolution> {
    const row = await this.catalog.findKeyMapping(key);
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
  workerRows(): Promise<WorkerRecord[]> {
    return this.workers.all();
  }

  /** Offline only: a running server reads open leases from RegistrationsService. */
  openRegistrationRows(filter: RegistrationFilter): Promise<RegistrationRecord[]> {
    return this.registrations.open(filter);
  }

  clusterId(): Promise<string> {
    return this.meta.clusterId();
  }

  /** True while the rows' availability is not to be believed (see the class comment). */
  availabilityUnsettled(): Promise<boolean> {
    return (this.unsettled ??= this.meta.replicaAvailabilityUnsettled());
  }

  private async settledCounts(
    counts: Map<string, AvailabilityCount>,
  ): Promise<Map<string, AvailabilityCount>> {
    if (!(await this.availabilityUnsettled())) return counts;
    for (const count of counts.values()) count.available = 0;
    return counts;
  }
}

/** `unsettled`: the row's availability is not to be believed (StoredFacts' class comment). */
export function toReplicaSummary(r: ReplicaRecord, unsettled = false): ReplicaSummary {
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
    available: r.available && !unsettled,
    registeredAt: Number(r.registeredAt),
    updatedAt: Number(r.updatedAt),
  };
}

function toArtifactSummary(a: ArtifactRecord, counts?: AvailabilityCount): ArtifactSummary {
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
