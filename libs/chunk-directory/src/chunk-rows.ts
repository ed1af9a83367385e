import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WriteQueue, WriteTransaction } from '../../persistence/src';
import {
  deleteChunkGroup,
  deleteChunkRowsOfWorker,
  loadChunkRows,
  upsertChunkRows,
} from './chunk-row-records';
import { ChunkDirectoryMetrics } from './chunk-directory.metrics';

/** One chunk as its daemon last reported it (the chunk_rows row, held in memory). */
export interface ChunkRow {
  artifactId: string;
  deviceUuid: string;
  replica: number;
  chunkIdx: number;
  nodeId: string;
  workerId: string;
  state: number;
  updatedAt: number;
}

export type ChunkDeleteReason = 'worker_inactive' | 'replica_deleted' | 'orphaned';

export interface ChunkGroup {
  workerId: string;
  artifactId: string;
}

export function chunkRowKey(
  row: Pick<ChunkRow, 'deviceUuid' | 'replica' | 'chunkIdx' | 'nodeId'>,
): string {
  return `${row.deviceUuid}\0${row.replica}\0${row.chunkIdx}\0${row.nodeId}`;
}

export function chunkGroupKey(workerId: string, artifactId: string): string {
  return `${workerId}\0${artifactId}`;
}

/**
 * The chunk directory's rows: all of them in memory (what QueryChunkLocations reads), the
 * database their durable copy. Memory changes only after the write that changes the rows
 * commits. Rows belong to a (worker, artifact) group, which is deleted as a whole; a group
 * the orphan sweep sees hidden keeps the time it was first seen so until it goes.
 */
@Injectable()
export class ChunkRows {
  /** artifact_id → row key → row. */
  private readonly rowsByArtifact = new Map<string, Map<string, ChunkRow>>();
  /** (worker, artifact) → row keys of that group inside rowsByArtifact. */
  private readonly groups = new Map<string, Set<string>>();
  private readonly artifactsByWorker = new Map<string, Set<string>>();
  /** Groups seen hidden by the sweep, with when they were first seen so. */
  private readonly hiddenSince = new Map<string, number>();
  private rowCount = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly metrics: ChunkDirectoryMetrics,
  ) {
    metrics.countRowsWith(() => this.rowCount);
  }

  get total(): number {
    return this.rowCount;
  }

  /** Startup: every row comes back, every group hidden since `now`. Returns the row count. */
  async load(now: number): Promise<number> {
    const rows = await loadChunkRows(this.dataSource.manager);
    for (const row of rows) this.remember({ ...row });
    for (const key of this.groups.keys()) this.hiddenSince.set(key, now);
    return rows.length;
  }

  /** The rows of an artifact, keyed by chunkRowKey. */
  ofArtifact(artifactId: string): ReadonlyMap<string, ChunkRow> | undefined {
    return this.rowsByArtifact.get(artifactId);
  }

  hasGroup(workerId: string, artifactId: string): boolean {
    return this.groups.has(chunkGroupKey(workerId, artifactId));
  }

  hasWorker(workerId: string): boolean {
    return this.artifactsByWorker.has(workerId);
  }

  get isEmpty(): boolean {
    return this.groups.size === 0;
  }

  /** Every worker with rows, and the artifacts it has rows of. */
  byWorker(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.artifactsByWorker;
  }

  /** When the group was first seen hidden, starting its clock at `now` if it was not. */
  hiddenSinceOf(workerId: string, artifactId: string, now: number): number {
    const key = chunkGroupKey(workerId, artifactId);
    const since = this.hiddenSince.get(key) ?? now;
    this.hiddenSince.set(key, since);
    return since;
  }

  markVisible(workerId: string, artifactId: string): void {
    this.hiddenSince.delete(chunkGroupKey(workerId, artifactId));
  }

  /** Writes the rows (last write wins), then holds them. */
  async write(rows: readonly ChunkRow[]): Promise<void> {
    await this.writes.run(async (tx) => {
      await upsertChunkRows(tx, rows);
      tx.afterCommit(() => {
        for (const row of rows) this.remember(row);
        this.metrics.rowsWritten.inc(rows.length);
      });
    });
  }

  /** In the caller's transaction: the group goes, from memory once that commits. */
  async deleteGroupIn(
    tx: WriteTransaction,
    group: ChunkGroup,
    reason: ChunkDeleteReason,
  ): Promise<void> {
    await deleteChunkGroup(tx, group.workerId, group.artifactId);
    tx.afterCommit(() => this.forgetGroup(group.workerId, group.artifactId, reason));
  }

  async deleteGroups(
    groups: readonly (ChunkGroup & { reason: ChunkDeleteReason })[],
  ): Promise<void> {
    await this.writes.run(async (tx) => {
      for (const { workerId, artifactId } of groups) {
        await deleteChunkGroup(tx, workerId, artifactId);
      }
      tx.afterCommit(() => {
        for (const group of groups)
          this.forgetGroup(group.workerId, group.artifactId, group.reason);
      });
    });
  }

  async deleteOfWorker(workerId: string, reason: ChunkDeleteReason): Promise<void> {
    await this.writes.run(async (tx) => {
      await deleteChunkRowsOfWorker(tx, workerId);
      tx.afterCommit(() => {
        for (const artifactId of [...(this.artifactsByWorker.get(workerId) ?? [])]) {
          this.forgetGroup(workerId, artifactId, reason);
        }
      });
    });
  }

  private remember(row: ChunkRow): void {
    let rows = this.rowsByArtifact.get(row.artifactId);
    if (!rows) {
      rows = new Map();
      this.rowsByArtifact.set(row.artifactId, rows);
    }
    const key = chunkRowKey(row);
    const previous = rows.get(key);
    if (previous && previous.workerId !== row.workerId) {
      this.groups.get(chunkGroupKey(previous.workerId, row.artifactId))?.delete(key);
    }
    if (!previous) this.rowCount += 1;
    rows.set(key, row);
    const gk = chunkGroupKey(row.workerId, row.artifactId);
    let group = this.groups.get(gk);
    if (!group) {
      group = new Set();
      this.groups.set(gk, group);
      let artifacts = this.artifactsByWorker.get(row.workerId);
      if (!artifacts) {
        artifacts = new Set();
        this.artifactsByWorker.set(row.workerId, artifacts);
      }
      artifacts.add(row.artifactId);
    }
    group.add(key);
  }

  private forgetGroup(workerId: string, artifactId: string, reason: ChunkDeleteReason): void {
    const gk = chunkGroupKey(workerId, artifactId);
    const keys = this.groups.get(gk);
    this.groups.delete(gk);
    this.hiddenSince.delete(gk);
    const artifacts = this.artifactsByWorker.get(workerId);
    artifacts?.delete(artifactId);
    if (artifacts?.size === 0) this.artifactsByWorker.delete(workerId);
    if (!keys) return;
    const rows = this.rowsByArtifact.get(artifactId);
    let removed = 0;
    for (const key of keys) {
      if (rows?.get(key)?.workerId === workerId) {
        rows.delete(key);
        removed += 1;
      }
    }
    if (rows?.size === 0) this.rowsByArtifact.delete(artifactId);
    this.rowCount -= removed;
    this.metrics.rowsDeleted.inc({ reason }, removed);
  }
}
