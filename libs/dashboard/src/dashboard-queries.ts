/**
 * What the dashboard reads, in the shape its pages need. The only implementation wraps the
 * admin API's in-process query service (admin-queries.adapter.ts), so the dashboard shows
 * exactly what `tensorcast` admin commands and the admin gRPC service report; tests can hand
 * in their own.
 */
export const DASHBOARD_QUERIES = Symbol('DASHBOARD_QUERIES');

export interface ClusterOverview {
  servingState: string;
  version: string;
  clusterId: string;
  uptimeSeconds: number;
  /** Leader/epoch once HA exists; absent until then. */
  leader?: string;
  workersByState: Readonly<Record<string, number>>;
  replicasByTier: readonly TierCounts[];
  artifacts: number;
  openRegistrations: number;
  /** '' = in-memory database. */
  databaseFile?: string;
  databaseBytes?: number;
  walBytes?: number;
  writeQueueDepth?: number;
  /** Committed writes per second, averaged by the status source. */
  writesPerSecond?: number;
  /** Mean commit (group transaction) latency in milliseconds. */
  commitLatencyMs?: number;
}

export interface TierCounts {
  tier: string;
  available: number;
  unavailable: number;
}

export type SortOrder = 'asc' | 'desc';

export const WORKER_SORT_KEYS = [
  'worker',
  'node',
  'address',
  'state',
  'heartbeat',
  'memory',
  'replicas',
  'version',
] as const;
export type WorkerSortKey = (typeof WORKER_SORT_KEYS)[number];

export interface WorkerQuery {
  state?: string;
  sort: WorkerSortKey;
  order: SortOrder;
  /** 0-based row offset: worker lists are bounded (thousands), replica lists are not. */
  offset: number;
  limit: number;
}

export interface WorkerRow {
  workerId: string;
  nodeId: string;
  address: string;
  state: string;
  lastHeartbeatAt: number;
  memPoolTotal: number;
  memPoolAvailable: number;
  replicaCount: number;
  stateVersion: number;
}

export interface WorkerPage {
  workers: WorkerRow[];
  /** Rows matching the filter, across pages. */
  total: number;
  /** Every state a worker can be in, for the filter. */
  states: readonly string[];
}

export interface ReplicaQuery {
  artifactId?: string;
  nodeId?: string;
  workerId?: string;
  tier?: string;
  /** 'available' | 'unavailable' | undefined (both). */
  availability?: string;
  limit: number;
  /** Opaque keyset cursor from the previous page. */
  pageToken?: string;
}

export interface ReplicaRow {
  replicaId: string;
  artifactId: string;
  workerId: string;
  nodeId: string;
  address: string;
  tier: string;
  deviceId: number;
  sizeBytes: number;
  available: boolean;
  currentRequests: number;
  maxConcurrency: number;
}

export interface ReplicaPageView {
  replicas: ReplicaRow[];
  nextPageToken?: string;
  total?: number;
}

export interface ArtifactDetail {
  artifactId: string;
  /** The descriptor as stored, one key per line on the page. */
  descriptor: Readonly<Record<string, unknown>>;
  tensorIndexKey?: string;
  /** In the order a client's GetReplicas / lookup would get them. */
  rankedReplicas: ReplicaRow[];
}

export interface RegistrationQuery {
  workerId?: string;
  limit: number;
  pageToken?: string;
}

export interface RegistrationRow {
  registrationId: string;
  workerId: string;
  /** '' when the registration has not named its tensor index yet. */
  tensorIndexKey: string;
  plan: string;
  totalBytes: number;
  coveredBytes: number;
  createdAt: number;
  /** Lease deadline (epoch ms); 0 when unknown. */
  expiresAt: number;
}

export interface RegistrationPageView {
  registrations: RegistrationRow[];
  nextPageToken?: string;
  total?: number;
}

export interface WorkerWithRegistrations {
  worker: WorkerRow;
  openRegistrations: RegistrationRow[];
}

/**
 * High availability: this instance is not the leader, so its memory holds no cluster state
 * (no workers, no open registrations) and every page would look like an empty cluster.
 */
export interface StandbyNotice {
  /** This instance's ha.instance_id (or host name). */
  instanceId: string;
  /** STANDBY: waits for the lease; DEPOSED: led, lost the lease, is rejoining as a standby. */
  role: 'STANDBY' | 'DEPOSED';
  /** The leader as the lease row in the database names it; undefined when none is known. */
  leader?: { holder: string; address: string; epoch: number };
}

/** Thrown (or rejected) by a source for an id that does not exist: the page answers 404. */
export class DashboardNotFound extends Error {}

export interface DashboardQueries {
  /** Set on an instance that is not the leader: pages say so instead of showing its memory. */
  standby(): StandbyNotice | undefined;
  overview(): Promise<ClusterOverview>;
  workers(query: WorkerQuery): Promise<WorkerPage>;
  worker(workerId: string): Promise<WorkerWithRegistrations>;
  replicas(query: ReplicaQuery): Promise<ReplicaPageView>;
  artifact(artifactId: string): Promise<ArtifactDetail>;
  registrations(query: RegistrationQuery): Promise<RegistrationPageView>;
}
