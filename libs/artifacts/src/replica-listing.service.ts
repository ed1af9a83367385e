import { Injectable } from '@nestjs/common';
import { optionalString, parseUint64 } from '../../common/src';
import { ArtifactsMetrics, ReplicaCountsByTier } from './artifacts.metrics';
import { decodePageToken, encodePageToken, filterDigest } from './page-token';
import { MEMORY_TYPE_NUMBER, MemoryTier } from './replica.entity';
import { ReplicaRecord, ReplicaStore } from './replica-store';
import { deviceFilterFor, parseMemoryTierFilter } from './replica-wire';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

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
  replicas: ReplicaRecord[];
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

/**
 * The read side of the replica registry: ListReplicasV2, BatchGetReplicaCounts, metrics.
 * Answered from the replica store's committed index, never from the tables: a read sees only
 * committed replicas and never waits behind a write, whatever the disk is doing.
 */
@Injectable()
export class ReplicaListingService {
  constructor(
    private readonly store: ReplicaStore,
    metrics: ArtifactsMetrics,
  ) {
    metrics.countReplicasWith(() => Promise.resolve(this.countByMemoryTier()));
    metrics.countAvailableReplicasWith(() => ({
      ...this.store.committed.availableCountsByTier(),
    }));
  }

  /** All present filters apply (AND); rows come in (artifact_id, replica_id) order. */
  listReplicas(input: ListReplicasInput): Promise<ReplicaPage> {
    const filters = parseFilters(input);
    const pageSize = Math.min(input.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const digest = filterDigest(filters);
    const token = (input.pageToken ?? '').trim();
    const after = token === '' ? undefined : decodePageToken(token, digest);

    const index = this.store.committed;
    const candidates =
      filters.artifactId !== undefined ? index.ofArtifact(filters.artifactId) : index.all();
    const memoryType =
      filters.memoryTier === undefined ? undefined : MEMORY_TYPE_NUMBER[filters.memoryTier];
    let totalSize = 0;
    const page: ReplicaRecord[] = [];
    for (const r of candidates) {
      if (filters.artifactId !== undefined && r.artifactId !== filters.artifactId) continue;
      if (filters.nodeId !== undefined && r.nodeId !== filters.nodeId) continue;
      if (filters.nodeAddress !== undefined && r.nodeAddress !== filters.nodeAddress) continue;
      if (memoryType !== undefined && r.memoryType !== memoryType) continue;
      if (filters.deviceId !== undefined && r.deviceId !== filters.deviceId) continue;
      totalSize += 1;
      if (after && compareListing(r, after) <= 0) continue;
      // Keep only the pageSize + 1 smallest: a bounded insertion instead of sorting them all.
      if (page.length > pageSize && compareListing(r, page[pageSize]) >= 0) continue;
      let at = page.length;
      while (at > 0 && compareListing(r, page[at - 1]) < 0) at -= 1;
      page.splice(at, 0, r);
      if (page.length > pageSize + 1) page.pop();
    }
    const replicas = page.slice(0, pageSize);
    const last = replicas[replicas.length - 1];
    return Promise.resolve({
      replicas,
      totalSize,
      nextPageToken:
        page.length > pageSize && last
          ? encodePageToken({ artifactId: last.artifactId, replicaId: last.replicaId }, digest)
          : undefined,
    });
  }

  /**
   * One record per requested id (trimmed, empty ones dropped, duplicates once, in request
   * order); ids without replicas get zeros.
   */
  batchGetReplicaCounts(artifactIds: readonly string[]): Promise<ReplicaCount[]> {
    const ids = [...new Set(artifactIds.map((id) => id.trim()).filter((id) => id !== ''))];
    return Promise.resolve(
      ids.map((artifactId) => {
        const replicas = this.store.committed.ofArtifact(artifactId);
        return {
          artifactId,
          replicaCount: replicas.length,
          availableCount: replicas.filter((r) => r.available).length,
        };
      }),
    );
  }

  countByMemoryTier(): ReplicaCountsByTier {
    return { ...this.store.committed.countsByTier() };
  }
}

/** (artifact_id, replica_id) ascending, the order pages and their tokens follow. */
function compareListing(
  a: { artifactId: string; replicaId: string },
  b: { artifactId: string; replicaId: string },
): number {
  if (a.artifactId !== b.artifactId) return a.artifactId < b.artifactId ? -1 : 1;
  return a.replicaId < b.replicaId ? -1 : a.replicaId > b.replicaId ? 1 : 0;
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
