/**
 * What the admin surface answers, as plain objects: the gRPC controller, the `tensorcast`
 * commands (through the wire) and the web dashboard all read these shapes. Times are
 * wall-clock milliseconds since the epoch (0 = unknown); sizes are bytes. Fields may be
 * added; none is renamed or removed.
 */

/**
 * A worker's state as an operator sees it:
 * - ACTIVE: heartbeating within the timeout and accepting new requests;
 * - NOT_ACCEPTING: heartbeating, but it said it accepts no new requests (draining);
 * - RECOVERING: restored from the database after a server restart and not yet heard from
 *   (it has a fresh timeout to heartbeat again); offline inspection shows every worker that
 *   was active when the file was written this way;
 * - TIMED_OUT: no heartbeat within the timeout, not yet swept (the sweep makes it INACTIVE);
 * - INACTIVE: unregistered or timed out; the row is kept for a comeback.
 */
export type WorkerState = 'ACTIVE' | 'NOT_ACCEPTING' | 'RECOVERING' | 'TIMED_OUT' | 'INACTIVE';
export const WORKER_STATES: readonly WorkerState[] = [
  'ACTIVE',
  'NOT_ACCEPTING',
  'RECOVERING',
  'TIMED_OUT',
  'INACTIVE',
];

export type ReplicaTier = 'GPU' | 'RAM' | 'DISK';
export const REPLICA_TIERS: readonly ReplicaTier[] = ['GPU', 'RAM', 'DISK'];

/** SERVING etc. come from the running server; OFFLINE is a database file read by `inspect`. */
export type AdminServingState = 'STARTING' | 'SERVING' | 'NOT_SERVING' | 'OFFLINE';

export interface PageRequest {
  /** Default 100, at most 1000. */
  pageSize?: number;
  /** From a previous page's nextPageToken; only valid for the same filters. */
  pageToken?: string;
}

export interface Page<T> {
  items: T[];
  /** '' on the last page. */
  nextPageToken: string;
  /** Every item matching the filters, across all pages. */
  totalSize: number;
}

export interface ReplicaTierCounts {
  tier: ReplicaTier;
  available: number;
  unavailable: number;
}

export interface DatabaseStatus {
  /**
   * Where the data is: the SQLite file's absolute path, '' for an in-memory database, or on
   * PostgreSQL the database as postgres://host:port/name (never a password; sizes are 0).
   */
  file: string;
  bytes: number;
  walBytes: number;
  /** Writes waiting in the single write queue (0 offline). */
  writeQueueDepth: number;
}

/** Room for the HA issue: a single server is always its own leader at epoch 0. */
export interface LeadershipStatus {
  role: 'STANDALONE' | 'LEADER' | 'STANDBY';
  leaderId: string;
  epoch: number;
}

export interface ClusterStatus {
  servingState: AdminServingState;
  version: string;
  clusterId: string;
  /** When this server process started (0 offline). */
  startedAt: number;
  uptimeMs: number;
  /** When this status was taken. */
  observedAt: number;
  /** Count per state; every state is present. */
  workersByState: Record<WorkerState, number>;
  workerTotal: number;
  /** One entry per tier, GPU, RAM, DISK in that order. */
  replicasByTier: ReplicaTierCounts[];
  replicaTotal: number;
  artifactTotal: number;
  openRegistrations: number;
  database: DatabaseStatus;
  leadership: LeadershipStatus;
}

export interface WorkerFilter {
  state?: WorkerState;
  nodeId?: string;
}

export interface WorkerSummary {
  workerId: string;
  daemonId: string;
  nodeId: string;
  nodeAddress: string;
  grpcPort: number;
  p2pPort: number;
  state: WorkerState;
  acceptingNewRequests: boolean;
  registeredAt: number;
  lastHeartbeatAt: number;
  memPoolTotalSize: number;
  memPoolAvailableSize: number;
  /** uint64 bit mask as a decimal string. */
  capabilityFlags: string;
  stateVersion: number;
  stateChecksum: string;
  reconcileGeneration: number;
  replicaCount: number;
  availableReplicaCount: number;
}

export interface WorkerDetail extends WorkerSummary {
  replicas: ReplicaSummary[];
  openRegistrations: RegistrationSummary[];
}

export interface ReplicaFilter {
  artifactId?: string;
  workerId?: string;
  nodeId?: string;
  tier?: ReplicaTier;
  available?: boolean;
}

export interface ReplicaSummary {
  replicaId: string;
  artifactId: string;
  workerId: string;
  /** '' for a canonical replica. */
  viewId: string;
  nodeId: string;
  nodeAddress: string;
  nodePort: number;
  tier: ReplicaTier;
  deviceId: number;
  memorySize: number;
  maxConcurrency: number;
  currentRequests: number;
  available: boolean;
  registeredAt: number;
  updatedAt: number;
}

export interface ArtifactSummary {
  artifactId: string;
  /** UNSPECIFIED, MI2 or CGID. */
  idKind: string;
  totalSize: number;
  indexMultihash: string;
  dataMultihash: string;
  schemaVersion: string;
  encoding: string;
  /** sha256 hex of the stored tensor index, '' when none is stored here. */
  tensorIndexKey: string;
  createdAt: number;
  updatedAt: number;
  replicaCount: number;
  availableReplicaCount: number;
}

export interface ArtifactDetail extends ArtifactSummary {
  replicas: ReplicaSummary[];
}

export interface RegistrationFilter {
  workerId?: string;
  daemonId?: string;
}

/** An open registration lease. */
export interface RegistrationSummary {
  registrationId: string;
  workerId: string;
  daemonId: string;
  ownerPid: number;
  deviceId: number;
  /** coalesced, cpu or lease. */
  plan: string;
  totalSize: number;
  coveredBytes: number;
  epoch: number;
  ttlMs: number;
  tensorIndexKey: string;
  createdAt: number;
  /** Wall-clock hint of the lease deadline; 0 offline (a restart grants a fresh lease). */
  leaseExpiresAt: number;
}

export type MappingResolution =
  | { found: false; key: string }
  | {
      found: true;
      key: string;
      artifactId: string;
      replicaUuid: string;
      daemonAddress: string;
      generation: number;
      /** Moved by SwapKeyMapping at least once (an alias). */
      swapped: boolean;
      /** 0 = no ttl given. */
      ttlMs: number;
      createdAt: number;
      updatedAt: number;
    };

export interface WorkerRemovalRequest {
  workerId: string;
  reason: string;
  /** Remove a worker that is still heartbeating (otherwise FAILED_PRECONDITION). */
  allowActive: boolean;
  /** Who asked (gRPC peer), for the audit log line. */
  requestedBy: string;
}

export interface WorkerRemoval {
  workerId: string;
  /** The state the worker was in just before it was removed. */
  previousState: WorkerState;
  removedReplicas: number;
  revokedRegistrations: number;
  reason: string;
}

/**
 * The read API of the admin surface. AdminQueryService answers it from a running server;
 * OfflineAdminQueries from a database file opened read-only.
 */
export interface AdminQueries {
  status(): Promise<ClusterStatus>;
  listWorkers(filter?: WorkerFilter, page?: PageRequest): Promise<Page<WorkerSummary>>;
  /** Throws WORKER_NOT_FOUND. */
  getWorker(workerId: string): Promise<WorkerDetail>;
  listReplicas(filter?: ReplicaFilter, page?: PageRequest): Promise<Page<ReplicaSummary>>;
  listArtifacts(page?: PageRequest): Promise<Page<ArtifactSummary>>;
  /** Throws ARTIFACT_NOT_FOUND. */
  getArtifact(artifactId: string): Promise<ArtifactDetail>;
  listRegistrations(filter?: RegistrationFilter): Promise<RegistrationSummary[]>;
  resolveMapping(key: string): Promise<MappingResolution>;
}
