import { Injectable } from '@nestjs/common';
import { DomainError, requireNonEmpty } from '../../common/src';
import { CommittedReads } from '../../persistence/src';
import { RegistrationsService } from '../../registrations/src';
import { WorkerView, WorkersService } from '../../workers/src';
import { pageCursor, pageOf } from './admin-page';
import type * as admin from './admin.types';
import {
  parseMappingKey,
  parseRegistrationFilter,
  parseReplicaFilter,
  parseWorkerFilter,
} from './admin-filters';
import { ServerVitals } from './server-vitals.service';
import { StoredFacts } from './stored-facts';
import { countByState, toWorkerSummary, workerStateOf } from './worker-view';

/**
 * The admin read API of a running server. Workers and open registrations come from the
 * owning modules' memory (liveness and lease deadlines are hot state that is only flushed
 * in batches or never); replicas, artifacts and key mappings from their tables, which the
 * owning modules commit before they answer.
 */
@Injectable()
export class AdminQueryService implements admin.AdminQueries {
  constructor(
    private readonly reads: CommittedReads,
    private readonly vitals: ServerVitals,
    private readonly workers: WorkersService,
    private readonly registrations: RegistrationsService,
  ) {}

  /**
   * Stored facts read on a committed snapshot: the write connection would show an open
   * group's rows before its COMMIT (and whether it commits at all).
   */
  private facts<T>(read: (facts: StoredFacts) => Promise<T>): Promise<T> {
    return this.reads.run((manager) => read(new StoredFacts(manager)));
  }

  async status(): Promise<admin.ClusterStatus> {
    const now = Date.now();
    const states = this.judgedWorkers().map((w) => w.state);
    const replicasByTier = await this.facts((f) => f.replicaCountsByTier());
    return {
      servingState: this.vitals.servingState,
      version: this.vitals.version,
      clusterId: await this.vitals.clusterId(),
      startedAt: this.vitals.startedAt,
      uptimeMs: Math.max(0, now - this.vitals.startedAt),
      observedAt: now,
      workersByState: countByState(states),
      workerTotal: states.length,
      replicasByTier,
      replicaTotal: replicasByTier.reduce((sum, t) => sum + t.available + t.unavailable, 0),
      artifactTotal: await this.facts((f) => f.countArtifacts()),
      openRegistrations: this.registrations.list({}).length,
      database: this.vitals.database(),
      leadership: this.vitals.leadership(),
    };
  }

  async listWorkers(
    filter: admin.WorkerFilter = {},
    page?: admin.PageRequest,
  ): Promise<admin.Page<admin.WorkerSummary>> {
    const parsed = parseWorkerFilter(filter);
    const cursor = pageCursor('workers', parsed, page);
    const matching = this.judgedWorkers()
      .filter((w) => parsed.state === undefined || w.state === parsed.state)
      .filter((w) => parsed.nodeId === undefined || w.view.worker.nodeId === parsed.nodeId)
      .sort((a, b) => compare(a.view.worker.workerId, b.view.worker.workerId));
    const served = pageOf(matching, cursor, (w) => w.view.worker.workerId);
    const counts = await this.facts((f) =>
      f.replicaCountsByWorker(served.items.map((w) => w.view.worker.workerId)),
    );
    return {
      ...served,
      items: served.items.map((w) =>
        toWorkerSummary(w.view.worker, w.state, counts.get(w.view.worker.workerId)),
      ),
    };
  }

  async getWorker(workerId: string): Promise<admin.WorkerDetail> {
    const id = requireNonEmpty('worker_id', workerId);
    const worker = this.workers.getWorker(id);
    if (!worker)
      throw new DomainError('WORKER_NOT_FOUND', `worker_id: no worker ${id}`, 'worker_id');
    const view = this.workers.listAllWorkers().find((v) => v.worker.workerId === id);
    const state = workerStateOf(
      worker,
      view?.connection ?? 'DISCONNECTED',
      this.vitals.now(),
      this.vitals.heartbeatTimeoutMs,
    );
    const counts = await this.facts((f) => f.replicaCountsByWorker([id]));
    return {
      ...toWorkerSummary(worker, state, counts.get(id)),
      replicas: await this.facts((f) => f.replicasOf({ workerId: id })),
      openRegistrations: await this.listRegistrations({ workerId: id }),
    };
  }

  listReplicas(
    filter: admin.ReplicaFilter = {},
    page?: admin.PageRequest,
  ): Promise<admin.Page<admin.ReplicaSummary>> {
    const parsed = parseReplicaFilter(filter);
    return this.facts((f) => f.listReplicas(parsed, pageCursor('replicas', parsed, page)));
  }

  listArtifacts(page?: admin.PageRequest): Promise<admin.Page<admin.ArtifactSummary>> {
    return this.facts((f) => f.listArtifacts(pageCursor('artifacts', {}, page)));
  }

  async getArtifact(artifactId: string): Promise<admin.ArtifactDetail> {
    const id = requireNonEmpty('artifact_id', artifactId);
    const artifact = await this.facts((f) => f.findArtifact(id));
    if (!artifact) {
      throw new DomainError('ARTIFACT_NOT_FOUND', `artifact_id: no artifact ${id}`, 'artifact_id');
    }
    return { ...artifact, replicas: await this.facts((f) => f.replicasOf({ artifactId: id })) };
  }

  async listRegistrations(
    filter: admin.RegistrationFilter = {},
  ): Promise<admin.RegistrationSummary[]> {
    const parsed = parseRegistrationFilter(filter);
    return this.registrations.list(parsed).map(({ registration: r, lease }) => ({
      registrationId: r.id,
      workerId: r.workerId,
      daemonId: r.daemonId,
      ownerPid: r.ownerPid,
      deviceId: r.deviceId,
      plan: r.plan,
      totalSize: r.totalSize,
      coveredBytes: r.coverage.coveredBytes,
      epoch: r.epoch,
      ttlMs: r.ttlMs,
      tensorIndexKey: r.tensorIndexKey,
      createdAt: r.createdAt,
      leaseExpiresAt: lease.expiresAt,
    }));
  }

  async resolveMapping(key: string): Promise<admin.MappingResolution> {
    return this.facts((f) => f.resolveMapping(parseMappingKey(key)));
  }

  private judgedWorkers(): { view: WorkerView; state: ReturnType<typeof workerStateOf> }[] {
    const now = this.vitals.now();
    const timeout = this.vitals.heartbeatTimeoutMs;
    return this.workers.listAllWorkers().map((view) => ({
      view,
      state: workerStateOf(view.worker, view.connection, now, timeout),
    }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
