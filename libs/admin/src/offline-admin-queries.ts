import { existsSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { DomainError, requireNonEmpty } from '../../common/src';
import { VERSION } from '../../observability/src';
import { fileSize, inspectDatabaseFile } from '../../persistence/src/offline';
import type { RegistrationRecord } from '../../registrations/src';
import type { WorkerRecord } from '../../workers/src';
import { pageCursor, pageOf } from './admin-page';
import {
  parseMappingKey,
  parseRegistrationFilter,
  parseReplicaFilter,
  parseWorkerFilter,
} from './admin-filters';
import type * as admin from './admin.types';
import { ADMIN_ENTITIES, StoredFacts } from './stored-facts';
import { countByState, toWorkerSummary } from './worker-view';

/**
 * The admin read API over a database file with no server: `tensorcast global inspect`, e.g.
 * to check a backup before restoring it. The file is opened read-only and never changed: a
 * file without a -wal is opened `immutable` (SQLite then creates no -wal or -shm at all); one
 * with a -wal (a live or crashed server's) read-only, and any -shm this created is removed
 * on close.
 *
 * What only a running server knows is reported as such: serving state OFFLINE, no uptime,
 * an empty write queue, no lease deadlines; a worker that was not inactive shows RECOVERING,
 * which is what it would be right after a server started on this file. A replica shows
 * available only if its worker confirmed it since the server last started; if that server
 * stopped before it had settled the rows it recovered, none does (StoredFacts).
 */
export class OfflineAdminQueries implements admin.AdminQueries {
  private constructor(
    private readonly path: string,
    private readonly dataSource: DataSource,
    private readonly facts: StoredFacts,
    private readonly createdSidecars: string[],
  ) {}

  /** Verifies the file (header, integrity, known schema) first; throws DatabaseFileProblem. */
  static async open(file: string): Promise<OfflineAdminQueries> {
    const path = resolve(file);
    // Taken before the integrity check, whose read-only connection may create them too.
    const hasWal = existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0;
    const absent = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
    try {
      await inspectDatabaseFile(path, { requireSchema: true });
    } catch (error) {
      removeCreatedSidecars(absent);
      throw error;
    }
    const uri = `file:${encodeURI(path).replace(/\?/g, '%3F').replace(/#/g, '%23')}`;
    const dataSource = new DataSource({
      type: 'sqlite',
      database: hasWal ? `${uri}?mode=ro` : `${uri}?immutable=1`,
      flags: sqlite3.OPEN_READONLY | sqlite3.OPEN_URI,
      entities: ADMIN_ENTITIES,
      synchronize: false,
      migrationsRun: false,
      logging: false,
    });
    await dataSource.initialize();
    return new OfflineAdminQueries(path, dataSource, new StoredFacts(dataSource.manager), absent);
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
    removeCreatedSidecars(this.createdSidecars);
  }

  async status(): Promise<admin.ClusterStatus> {
    const workers = await this.workerSummaries();
    const replicasByTier = await this.facts.replicaCountsByTier();
    return {
      servingState: 'OFFLINE',
      version: VERSION,
      clusterId: await this.facts.clusterId(),
      startedAt: 0,
      uptimeMs: 0,
      observedAt: Date.now(),
      workersByState: countByState(workers.map((w) => w.state)),
      workerTotal: workers.length,
      replicasByTier,
      replicaTotal: replicasByTier.reduce((sum, t) => sum + t.available + t.unavailable, 0),
      artifactTotal: await this.facts.countArtifacts(),
      openRegistrations: (await this.facts.openRegistrationRows({})).length,
      database: {
        file: this.path,
        bytes: fileSize(this.path),
        walBytes: fileSize(`${this.path}-wal`),
        writeQueueDepth: 0,
      },
      leadership: { role: 'STANDALONE', leaderId: '', epoch: 0 },
    };
  }

  async listWorkers(
    filter: admin.WorkerFilter = {},
    page?: admin.PageRequest,
  ): Promise<admin.Page<admin.WorkerSummary>> {
    const parsed = parseWorkerFilter(filter);
    const cursor = pageCursor('workers', parsed, page);
    const matching = (await this.workerSummaries()).filter(
      (w) =>
        (parsed.state === undefined || w.state === parsed.state) &&
        (parsed.nodeId === undefined || w.nodeId === parsed.nodeId),
    );
    return pageOf(matching, cursor, (w) => w.workerId);
  }

  async getWorker(workerId: string): Promise<admin.WorkerDetail> {
    const id = requireNonEmpty('worker_id', workerId);
    const worker = (await this.workerSummaries()).find((w) => w.workerId === id);
    if (!worker) {
      throw new DomainError('WORKER_NOT_FOUND', `worker_id: no worker ${id}`, 'worker_id');
    }
    return {
      ...worker,
      replicas: await this.facts.replicasOf({ workerId: id }),
      openRegistrations: await this.listRegistrations({ workerId: id }),
    };
  }

  listReplicas(
    filter: admin.ReplicaFilter = {},
    page?: admin.PageRequest,
  ): Promise<admin.Page<admin.ReplicaSummary>> {
    const parsed = parseReplicaFilter(filter);
    return this.facts.listReplicas(parsed, pageCursor('replicas', parsed, page));
  }

  listArtifacts(page?: admin.PageRequest): Promise<admin.Page<admin.ArtifactSummary>> {
    return this.facts.listArtifacts(pageCursor('artifacts', {}, page));
  }

  async getArtifact(artifactId: string): Promise<admin.ArtifactDetail> {
    const id = requireNonEmpty('artifact_id', artifactId);
    const artifact = await this.facts.findArtifact(id);
    if (!artifact) {
      throw new DomainError('ARTIFACT_NOT_FOUND', `artifact_id: no artifact ${id}`, 'artifact_id');
    }
    return { ...artifact, replicas: await this.facts.replicasOf({ artifactId: id }) };
  }

  async listRegistrations(
    filter: admin.RegistrationFilter = {},
  ): Promise<admin.RegistrationSummary[]> {
    const rows = await this.facts.openRegistrationRows(parseRegistrationFilter(filter));
    return rows.map(toRegistrationSummary);
  }

  resolveMapping(key: string): Promise<admin.MappingResolution> {
    return this.facts.resolveMapping(parseMappingKey(key));
  }

  private async workerSummaries(): Promise<admin.WorkerSummary[]> {
    const rows = await this.facts.workerRows();
    const counts = await this.facts.replicaCountsByWorker();
    return rows.map((row) => toWorkerSummary(row, offlineState(row), counts.get(row.workerId)));
  }
}

function removeCreatedSidecars(paths: readonly string[]): void {
  for (const sidecar of paths) {
    try {
      // Never one holding WAL frames: those would be committed data.
      if (sidecar.endsWith('-shm') || statSync(sidecar).size === 0) unlinkSync(sidecar);
    } catch {
      // not created after all
    }
  }
}

function offlineState(row: WorkerRecord): admin.WorkerState {
  return row.inactive ? 'INACTIVE' : 'RECOVERING';
}

function toRegistrationSummary(row: RegistrationRecord): admin.RegistrationSummary {
  return {
    registrationId: row.registrationId,
    workerId: row.workerId,
    daemonId: row.daemonId,
    ownerPid: row.ownerPid,
    deviceId: row.deviceId,
    plan: row.planKind,
    totalSize: Number(row.totalSize),
    coveredBytes: Number(row.coverage?.covered_bytes ?? 0),
    epoch: Number(row.epoch),
    ttlMs: Number(row.ttlMs),
    tensorIndexKey: row.tensorIndexKey,
    createdAt: Number(row.createdAt),
    leaseExpiresAt: 0,
  };
}
