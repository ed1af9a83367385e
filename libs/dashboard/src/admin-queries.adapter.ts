import { Injectable, Optional } from '@nestjs/common';
import { DomainError } from '../../common/src';
import { MEMORY_TYPE_NUMBER, compareForReads } from '../../artifacts/src';
import {
  AdminQueryService,
  RegistrationSummary,
  ReplicaSummary,
  WORKER_STATES,
  WorkerState,
  WorkerSummary,
} from '../../admin/src';
import { LeadershipService } from '../../ha/src';
import {
  ArtifactDetail,
  ClusterOverview,
  DashboardNotFound,
  DashboardQueries,
  RegistrationPageView,
  RegistrationQuery,
  RegistrationRow,
  ReplicaPageView,
  StandbyNotice,
  ReplicaQuery,
  ReplicaRow,
  WorkerPage,
  WorkerQuery,
  WorkerRow,
  WorkerSortKey,
  WorkerWithRegistrations,
} from './dashboard-queries';
import { DashboardBadRequest } from './query-params';
import { ThroughputSampler } from './throughput-sampler';

/** The admin service's largest page: workers are fetched in pages of this size to sort them. */
const ADMIN_PAGE = 1000;

/**
 * The dashboard's reads, answered by the admin API's in-process query service, so the pages
 * show what `tensorcast global status` and the admin gRPC service report. Domain errors
 * become the page's 404 (unknown id) or 400 (bad filter or page token).
 */
@Injectable()
export class AdminDashboardQueries implements DashboardQueries {
  constructor(
    private readonly admin: AdminQueryService,
    private readonly sampler: ThroughputSampler,
    @Optional() private readonly election?: LeadershipService,
  ) {}

  standby(): StandbyNotice | undefined {
    const election = this.election;
    if (election?.role !== 'STANDBY' && election?.role !== 'DEPOSED') return undefined;
    const leader = election.leader;
    return {
      instanceId: election.instanceId,
      role: election.role,
      // The lease row as this instance last read it; its own id there is no leader to name.
      leader:
        leader === undefined || leader.holder === election.instanceId
          ? undefined
          : { holder: leader.holder, address: leader.address, epoch: leader.epoch },
    };
  }

  async overview(): Promise<ClusterOverview> {
    const s = await translate(() => this.admin.status());
    const series = this.sampler.series();
    return {
      servingState: s.servingState,
      version: s.version,
      clusterId: s.clusterId,
      uptimeSeconds: Math.floor(s.uptimeMs / 1000),
      leader:
        s.leadership.role === 'STANDALONE'
          ? undefined
          : `${s.leadership.role} · leader ${s.leadership.leaderId || '?'} · epoch ${s.leadership.epoch}`,
      workersByState: s.workersByState,
      replicasByTier: s.replicasByTier,
      artifacts: s.artifactTotal,
      openRegistrations: s.openRegistrations,
      databaseFile: s.database.file,
      databaseBytes: s.database.bytes,
      walBytes: s.database.walBytes,
      writeQueueDepth: s.database.writeQueueDepth,
      // The status has no throughput; the server's own write counter, sampled here, does.
      writesPerSecond: series.writesPerSecond.at(-1),
    };
  }

  /**
   * Workers are bounded (thousands) and the admin service holds them in memory, so sorting
   * by any column fetches the matching ones in its largest pages and sorts here; only the
   * requested page is rendered.
   */
  async workers(query: WorkerQuery): Promise<WorkerPage> {
    const state = parseState(query.state);
    if (query.sort === 'worker' && query.order === 'asc') {
      // The admin service's own order: read only up to the requested page.
      const { items, total } = await this.listWorkers(state, query.offset + query.limit);
      return { workers: items.slice(query.offset).map(toWorkerRow), total, states: WORKER_STATES };
    }
    const { items: all } = await this.listWorkers(state, Infinity);
    const rows = all.map(toWorkerRow);
    const compare = WORKER_COMPARE[query.sort];
    rows.sort((a, b) => {
      const c = compare(a, b) || (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0);
      return query.order === 'asc' ? c : -c;
    });
    return {
      workers: rows.slice(query.offset, query.offset + query.limit),
      total: rows.length,
      states: WORKER_STATES,
    };
  }

  /** The first `wanted` workers in the admin service's order (by worker id), and the total. */
  private async listWorkers(
    state: WorkerState | undefined,
    wanted: number,
  ): Promise<{ items: WorkerSummary[]; total: number }> {
    const items: WorkerSummary[] = [];
    let pageToken = '';
    let total = 0;
    do {
      const pageSize = Math.min(ADMIN_PAGE, wanted - items.length);
      const page = await translate(() =>
        this.admin.listWorkers({ state }, { pageSize, pageToken }),
      );
      items.push(...page.items);
      total = page.totalSize;
      pageToken = page.nextPageToken;
    } while (pageToken !== '' && items.length < wanted);
    return { items, total };
  }

  async worker(workerId: string): Promise<WorkerWithRegistrations> {
    const detail = await translate(() => this.admin.getWorker(workerId));
    return {
      worker: toWorkerRow(detail),
      openRegistrations: detail.openRegistrations.map(toRegistrationRow),
    };
  }

  async replicas(query: ReplicaQuery): Promise<ReplicaPageView> {
    const page = await translate(() =>
      this.admin.listReplicas(
        {
          artifactId: query.artifactId,
          workerId: query.workerId,
          nodeId: query.nodeId,
          tier: query.tier as ReplicaSummary['tier'] | undefined,
          available:
            query.availability === undefined ? undefined : query.availability === 'available',
        },
        { pageSize: query.limit, pageToken: query.pageToken },
      ),
    );
    return {
      replicas: page.items.map(toReplicaRow),
      nextPageToken: page.nextPageToken || undefined,
      total: page.totalSize,
    };
  }

  async artifact(artifactId: string): Promise<ArtifactDetail> {
    const a = await translate(() => this.admin.getArtifact(artifactId));
    const ranked = (replicas: ReplicaSummary[]) =>
      replicas
        .map((r) => ({ r, memoryType: MEMORY_TYPE_NUMBER[r.tier] }))
        .sort((x, y) =>
          compareForReads(
            { ...x.r, memoryType: x.memoryType },
            { ...y.r, memoryType: y.memoryType },
          ),
        )
        .map((x) => toReplicaRow(x.r));
    return {
      artifactId: a.artifactId,
      descriptor: {
        id_kind: a.idKind,
        total_size: a.totalSize,
        index_multihash: a.indexMultihash,
        data_multihash: a.dataMultihash,
        schema_version: a.schemaVersion,
        encoding: a.encoding,
        created_at: a.createdAt > 0 ? new Date(a.createdAt).toISOString() : '',
        updated_at: a.updatedAt > 0 ? new Date(a.updatedAt).toISOString() : '',
      },
      tensorIndexKey: a.tensorIndexKey,
      // GetArtifactInfoById offers only available replicas, ranked; the rest follow.
      rankedReplicas: [
        ...ranked(a.replicas.filter((r) => r.available)),
        ...ranked(a.replicas.filter((r) => !r.available)),
      ],
    };
  }

  async registrations(query: RegistrationQuery): Promise<RegistrationPageView> {
    const all = await translate(() =>
      this.admin.listRegistrations(query.workerId ? { workerId: query.workerId } : {}),
    );
    all.sort((a, b) => a.createdAt - b.createdAt || (a.registrationId < b.registrationId ? -1 : 1));
    const offset = parseOffsetToken(query.pageToken);
    const rows = all.slice(offset, offset + query.limit).map(toRegistrationRow);
    const next = offset + query.limit < all.length ? String(offset + query.limit) : undefined;
    return { registrations: rows, nextPageToken: next, total: all.length };
  }
}

function parseState(state: string | undefined): WorkerState | undefined {
  if (state === undefined) return undefined;
  if (!(WORKER_STATES as readonly string[]).includes(state)) {
    throw new DashboardBadRequest(`state: one of ${WORKER_STATES.join(', ')} (got "${state}")`);
  }
  return state as WorkerState;
}

function parseOffsetToken(token: string | undefined): number {
  if (token === undefined) return 0;
  if (!/^\d{1,9}$/.test(token))
    throw new DashboardBadRequest('after: not a page position of this list');
  return Number(token);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const WORKER_COMPARE: Record<WorkerSortKey, (a: WorkerRow, b: WorkerRow) => number> = {
  worker: (a, b) => byText(a.workerId, b.workerId),
  node: (a, b) => byText(a.nodeId, b.nodeId),
  address: (a, b) => byText(a.address, b.address),
  state: (a, b) => byText(a.state, b.state),
  // Ascending = most recent heartbeat first, like "age" ascending.
  heartbeat: (a, b) => b.lastHeartbeatAt - a.lastHeartbeatAt,
  memory: (a, b) => a.memPoolTotal - a.memPoolAvailable - (b.memPoolTotal - b.memPoolAvailable),
  replicas: (a, b) => a.replicaCount - b.replicaCount,
  version: (a, b) => a.stateVersion - b.stateVersion,
};

function toWorkerRow(w: WorkerSummary): WorkerRow {
  return {
    workerId: w.workerId,
    nodeId: w.nodeId,
    address: `${w.nodeAddress}:${w.grpcPort}`,
    state: w.state,
    lastHeartbeatAt: w.lastHeartbeatAt,
    memPoolTotal: w.memPoolTotalSize,
    memPoolAvailable: w.memPoolAvailableSize,
    replicaCount: w.replicaCount,
    stateVersion: w.stateVersion,
  };
}

function toReplicaRow(r: ReplicaSummary): ReplicaRow {
  return {
    replicaId: r.replicaId,
    artifactId: r.artifactId,
    workerId: r.workerId,
    nodeId: r.nodeId,
    address: `${r.nodeAddress}:${r.nodePort}`,
    tier: r.tier,
    deviceId: r.deviceId,
    sizeBytes: r.memorySize,
    available: r.available,
    currentRequests: r.currentRequests,
    maxConcurrency: r.maxConcurrency,
  };
}

function toRegistrationRow(r: RegistrationSummary): RegistrationRow {
  return {
    registrationId: r.registrationId,
    workerId: r.workerId,
    tensorIndexKey: r.tensorIndexKey,
    plan: r.plan,
    totalBytes: r.totalSize,
    coveredBytes: r.coveredBytes,
    createdAt: r.createdAt,
    expiresAt: r.leaseExpiresAt,
  };
}

/** Unknown ids become the page's 404 and bad filters its 400; anything else stays an error. */
async function translate<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code.endsWith('NOT_FOUND')) throw new DashboardNotFound(error.message);
      if (error.code === 'INVALID_ARGUMENT') throw new DashboardBadRequest(error.message);
    }
    throw error;
  }
}
