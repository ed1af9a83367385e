import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
} from '../../common/src';
import { ReplicaStore } from '../../artifacts/src';
import { WorkersService } from '../../workers/src';
import { ChunkRow, ChunkRows, chunkGroupKey, chunkRowKey } from './chunk-rows';
import {
  CHUNK_STATE_EVICTED,
  ChunkLocationView,
  compareChunkLocations,
  parseChunkState,
} from './chunk-states';
import { ChunkDirectoryMetrics } from './chunk-directory.metrics';

export interface ChunkStateUpdateInput {
  artifactId: string;
  chunkIdx: number;
  state: unknown;
  deviceUuid: string;
  replica: number;
}

export interface BatchUpdateInput {
  workerId: string;
  nodeId: string;
  updates: readonly ChunkStateUpdateInput[];
}

export type BatchUpdateResult = { found: false } | { found: true; applied: number };

/**
 * The chunk directory's RPCs: which GPU chunks each daemon holds, in what state. Rows belong
 * to a (worker, artifact) group and are visible only while that worker is active and holds
 * an available GPU replica of the artifact; ChunkDirectoryCleanup deletes groups.
 *
 * A report that repeats a row's state costs no write: daemons resend their whole inventory
 * every 10 s, and the directory would otherwise rewrite it every time.
 */
@Injectable()
export class ChunkDirectoryService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rows: ChunkRows,
    private readonly replicas: ReplicaStore,
    private readonly workers: WorkersService,
    private readonly metrics: ChunkDirectoryMetrics,
  ) {}

  /**
   * Startup: every row comes back. Replicas are unavailable until re-confirmed, so every
   * group starts hidden, and its orphan_ttl counts from now (the outage was ours).
   */
  async recover(): Promise<{ rows: number }> {
    return { rows: await this.rows.load(this.clock.now()) };
  }

  get rowsTotal(): number {
    return this.rows.total;
  }

  async batchUpdate(input: BatchUpdateInput): Promise<BatchUpdateResult> {
    // Rule 1: an empty batch is a no-op that needs no identity (a daemon with nothing resident).
    if (input.updates.length === 0) return { found: true, applied: 0 };
    const workerId = requireNonEmpty('worker_id', input.workerId);
    const nodeId = requireNonEmpty('node_id', input.nodeId);
    const parsed = input.updates.map((update, i) => ({
      artifactId: requireNonEmpty(`updates[${i}].artifact_id`, update.artifactId),
      chunkIdx: update.chunkIdx,
      state: parseChunkState(`updates[${i}].state`, update.state),
      deviceUuid: optionalString(`updates[${i}].device_uuid`, update.deviceUuid),
      replica: update.replica,
    }));
    const worker = this.workers.getActiveWorker(workerId);
    if (!worker) return { found: false };
    if (worker.nodeId !== nodeId) {
      throw new InvalidArgumentError(
        'node_id',
        `"${nodeId}" is not the node of worker ${workerId} ("${worker.nodeId}")`,
      );
    }
    const now = this.clock.now();
    // Last write wins, within the batch too.
    const latest = new Map<string, ChunkRow>();
    for (const update of parsed) {
      const row: ChunkRow = { ...update, nodeId, workerId, updatedAt: now };
      latest.set(`${row.artifactId}\0${chunkRowKey(row)}`, row);
    }
    const changed = [...latest.values()].filter((row) => {
      const current = this.rows.ofArtifact(row.artifactId)?.get(chunkRowKey(row));
      return !current || current.state !== row.state || current.workerId !== row.workerId;
    });
    if (changed.length > 0) await this.rows.write(changed);
    this.metrics.updatesApplied.inc(input.updates.length);
    return { found: true, applied: input.updates.length };
  }

  async queryLocations(
    artifactIdInput: string,
    chunkIndices: readonly number[],
  ): Promise<ChunkLocationView[]> {
    const artifactId = requireNonEmpty('artifact_id', artifactIdInput);
    const rows = this.rows.ofArtifact(artifactId);
    if (!rows || rows.size === 0) return [];
    const holders = this.replicas.availableGpuHolders([artifactId]);
    const wanted = chunkIndices.length > 0 ? new Set(chunkIndices) : undefined;
    const visibleWorkers = new Map<string, { nodeAddress: string; p2pPort: number } | null>();
    const visibleWorker = (workerId: string) => {
      if (!visibleWorkers.has(workerId)) {
        const worker = this.workers.getActiveWorker(workerId);
        visibleWorkers.set(
          workerId,
          worker && holders.has(chunkGroupKey(workerId, artifactId)) ? worker : null,
        );
      }
      return visibleWorkers.get(workerId) ?? null;
    };
    const locations: ChunkLocationView[] = [];
    for (const row of rows.values()) {
      if (row.state === CHUNK_STATE_EVICTED) continue;
      if (wanted && !wanted.has(row.chunkIdx)) continue;
      const worker = visibleWorker(row.workerId);
      if (!worker) continue;
      locations.push({
        chunkIdx: row.chunkIdx,
        nodeId: row.nodeId,
        nodeAddress: worker.nodeAddress,
        p2pPort: worker.p2pPort,
        state: row.state,
        nodeLoadRatio: 0,
        deviceUuid: row.deviceUuid,
        replica: row.replica,
      });
    }
    return locations.sort(compareChunkLocations);
  }
}
