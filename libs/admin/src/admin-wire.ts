import type { wire } from '../../grpc/src';
import { msFromTimestamp, timestampFromMs } from '../../grpc/src/offline';
import {
  AdminServingState,
  ArtifactDetail,
  ArtifactSummary,
  ClusterStatus,
  LeadershipStatus,
  MappingResolution,
  Page,
  REPLICA_TIERS,
  RegistrationSummary,
  ReplicaSummary,
  ReplicaTier,
  WORKER_STATES,
  WorkerDetail,
  WorkerRemoval,
  WorkerState,
  WorkerSummary,
} from './admin.types';
import { countByState } from './worker-view';

/**
 * The admin types on the tcgs.admin.v1 wire and back: the controller sends them, the
 * `tensorcast` commands turn the answers into the same plain objects `inspect` builds from a
 * file, so both print identically. uint64 travels as a decimal string (proto-loader longs:
 * String), times as google.protobuf.Timestamp.
 */

const u64 = (n: number): string => String(Math.max(0, Math.trunc(n)));
const num = (v: string | number | null | undefined): number => Number(v ?? 0);
const ts = (ms: number) => (ms > 0 ? timestampFromMs(ms) : null);
const ms = (t: Parameters<typeof msFromTimestamp>[0]): number => msFromTimestamp(t) ?? 0;

export function workerStateToWire(state: WorkerState): wire.WorkerState {
  return `WORKER_STATE_${state}`;
}

export function workerStateFromWire(value: string | number | undefined): WorkerState | undefined {
  const name = String(value ?? '').replace(/^WORKER_STATE_/, '');
  return (WORKER_STATES as readonly string[]).includes(name) ? (name as WorkerState) : undefined;
}

export function tierToWire(tier: ReplicaTier): wire.ReplicaTier {
  return `REPLICA_TIER_${tier}`;
}

export function tierFromWire(value: string | number | undefined): ReplicaTier | undefined {
  const name = String(value ?? '').replace(/^REPLICA_TIER_/, '');
  return (REPLICA_TIERS as readonly string[]).includes(name) ? (name as ReplicaTier) : undefined;
}

export function statusToWire(s: ClusterStatus): wire.ClusterStatus {
  return {
    serving_state: `SERVING_STATE_${s.servingState}`,
    version: s.version,
    cluster_id: s.clusterId,
    started_at: ts(s.startedAt),
    uptime_ms: u64(s.uptimeMs),
    observed_at: ts(s.observedAt),
    workers_by_state: WORKER_STATES.map((state) => ({
      state: workerStateToWire(state),
      count: u64(s.workersByState[state]),
    })),
    worker_total: u64(s.workerTotal),
    replicas_by_tier: s.replicasByTier.map((t) => ({
      tier: tierToWire(t.tier),
      available: u64(t.available),
      unavailable: u64(t.unavailable),
    })),
    replica_total: u64(s.replicaTotal),
    artifact_total: u64(s.artifactTotal),
    open_registrations: u64(s.openRegistrations),
    database: {
      file: s.database.file,
      bytes: u64(s.database.bytes),
      wal_bytes: u64(s.database.walBytes),
      write_queue_depth: u64(s.database.writeQueueDepth),
    },
    leadership: {
      role: `LEADERSHIP_ROLE_${s.leadership.role}`,
      leader_id: s.leadership.leaderId,
      epoch: u64(s.leadership.epoch),
    },
  };
}

export function statusFromWire(w: wire.ClusterStatus__Output): ClusterStatus {
  const byState = countByState([]);
  for (const entry of w.workers_by_state) {
    const state = workerStateFromWire(entry.state);
    if (state) byState[state] = num(entry.count);
  }
  return {
    servingState: String(w.serving_state).replace(/^SERVING_STATE_/, '') as AdminServingState,
    version: w.version,
    clusterId: w.cluster_id,
    startedAt: ms(w.started_at),
    uptimeMs: num(w.uptime_ms),
    observedAt: ms(w.observed_at),
    workersByState: byState,
    workerTotal: num(w.worker_total),
    replicasByTier: w.replicas_by_tier.flatMap((t) => {
      const tier = tierFromWire(t.tier);
      return tier ? [{ tier, available: num(t.available), unavailable: num(t.unavailable) }] : [];
    }),
    replicaTotal: num(w.replica_total),
    artifactTotal: num(w.artifact_total),
    openRegistrations: num(w.open_registrations),
    database: {
      file: w.database?.file ?? '',
      bytes: num(w.database?.bytes),
      walBytes: num(w.database?.wal_bytes),
      writeQueueDepth: num(w.database?.write_queue_depth),
    },
    leadership: {
      role: String(w.leadership?.role ?? 'LEADERSHIP_ROLE_STANDALONE').replace(
        /^LEADERSHIP_ROLE_/,
        '',
      ) as LeadershipStatus['role'],
      leaderId: w.leadership?.leader_id ?? '',
      epoch: num(w.leadership?.epoch),
    },
  };
}

export function workerToWire(w: WorkerSummary): wire.Worker {
  return {
    worker_id: w.workerId,
    daemon_id: w.daemonId,
    node_id: w.nodeId,
    node_address: w.nodeAddress,
    grpc_port: w.grpcPort,
    p2p_port: w.p2pPort,
    state: workerStateToWire(w.state),
    accepting_new_requests: w.acceptingNewRequests,
    registered_at: ts(w.registeredAt),
    last_heartbeat_at: ts(w.lastHeartbeatAt),
    mem_pool_total_size: u64(w.memPoolTotalSize),
    mem_pool_available_size: u64(w.memPoolAvailableSize),
    capability_flags: w.capabilityFlags,
    state_version: u64(w.stateVersion),
    state_checksum: w.stateChecksum,
    reconcile_generation: u64(w.reconcileGeneration),
    replica_count: u64(w.replicaCount),
    available_replica_count: u64(w.availableReplicaCount),
  };
}

export function workerFromWire(w: wire.Worker__Output): WorkerSummary {
  return {
    workerId: w.worker_id,
    daemonId: w.daemon_id,
    nodeId: w.node_id,
    nodeAddress: w.node_address,
    grpcPort: w.grpc_port,
    p2pPort: w.p2p_port,
    state: workerStateFromWire(w.state) ?? 'INACTIVE',
    acceptingNewRequests: w.accepting_new_requests,
    registeredAt: ms(w.registered_at),
    lastHeartbeatAt: ms(w.last_heartbeat_at),
    memPoolTotalSize: num(w.mem_pool_total_size),
    memPoolAvailableSize: num(w.mem_pool_available_size),
    capabilityFlags: String(w.capability_flags),
    stateVersion: num(w.state_version),
    stateChecksum: w.state_checksum,
    reconcileGeneration: num(w.reconcile_generation),
    replicaCount: num(w.replica_count),
    availableReplicaCount: num(w.available_replica_count),
  };
}

export function workerDetailToWire(d: WorkerDetail): wire.GetWorkerResponse {
  return {
    worker: workerToWire(d),
    replicas: d.replicas.map(replicaToWire),
    open_registrations: d.openRegistrations.map(registrationToWire),
  };
}

export function workerDetailFromWire(w: wire.GetWorkerResponse__Output): WorkerDetail {
  if (!w.worker) throw new Error('GetWorker answered without a worker');
  return {
    ...workerFromWire(w.worker),
    replicas: w.replicas.map(replicaFromWire),
    openRegistrations: w.open_registrations.map(registrationFromWire),
  };
}

export function replicaToWire(r: ReplicaSummary): wire.Replica {
  return {
    replica_id: r.replicaId,
    artifact_id: r.artifactId,
    worker_id: r.workerId,
    view_id: r.viewId,
    node_id: r.nodeId,
    node_address: r.nodeAddress,
    node_port: r.nodePort,
    tier: tierToWire(r.tier),
    device_id: r.deviceId,
    memory_size: u64(r.memorySize),
    max_concurrency: r.maxConcurrency,
    current_requests: r.currentRequests,
    available: r.available,
    registered_at: ts(r.registeredAt),
    updated_at: ts(r.updatedAt),
  };
}

export function replicaFromWire(r: wire.Replica__Output): ReplicaSummary {
  return {
    replicaId: r.replica_id,
    artifactId: r.artifact_id,
    workerId: r.worker_id,
    viewId: r.view_id,
    nodeId: r.node_id,
    nodeAddress: r.node_address,
    nodePort: r.node_port,
    tier: tierFromWire(r.tier) ?? 'RAM',
    deviceId: r.device_id,
    memorySize: num(r.memory_size),
    maxConcurrency: r.max_concurrency,
    currentRequests: r.current_requests,
    available: r.available,
    registeredAt: ms(r.registered_at),
    updatedAt: ms(r.updated_at),
  };
}

export function artifactToWire(a: ArtifactSummary): wire.Artifact {
  return {
    artifact_id: a.artifactId,
    id_kind: a.idKind,
    total_size: u64(a.totalSize),
    index_multihash: a.indexMultihash,
    data_multihash: a.dataMultihash,
    schema_version: a.schemaVersion,
    encoding: a.encoding,
    tensor_index_key: a.tensorIndexKey,
    created_at: ts(a.createdAt),
    updated_at: ts(a.updatedAt),
    replica_count: u64(a.replicaCount),
    available_replica_count: u64(a.availableReplicaCount),
  };
}

export function artifactFromWire(a: wire.Artifact__Output): ArtifactSummary {
  return {
    artifactId: a.artifact_id,
    idKind: a.id_kind,
    totalSize: num(a.total_size),
    indexMultihash: a.index_multihash,
    dataMultihash: a.data_multihash,
    schemaVersion: a.schema_version,
    encoding: a.encoding,
    tensorIndexKey: a.tensor_index_key,
    createdAt: ms(a.created_at),
    updatedAt: ms(a.updated_at),
    replicaCount: num(a.replica_count),
    availableReplicaCount: num(a.available_replica_count),
  };
}

export function artifactDetailToWire(d: ArtifactDetail): wire.GetArtifactResponse {
  return { artifact: artifactToWire(d), replicas: d.replicas.map(replicaToWire) };
}

export function artifactDetailFromWire(w: wire.GetArtifactResponse__Output): ArtifactDetail {
  if (!w.artifact) throw new Error('GetArtifact answered without an artifact');
  return { ...artifactFromWire(w.artifact), replicas: w.replicas.map(replicaFromWire) };
}

export function registrationToWire(r: RegistrationSummary): wire.Registration {
  return {
    registration_id: r.registrationId,
    worker_id: r.workerId,
    daemon_id: r.daemonId,
    owner_pid: r.ownerPid,
    device_id: r.deviceId,
    plan: r.plan,
    total_size: u64(r.totalSize),
    covered_bytes: u64(r.coveredBytes),
    epoch: u64(r.epoch),
    ttl_ms: u64(r.ttlMs),
    tensor_index_key: r.tensorIndexKey,
    created_at: ts(r.createdAt),
    lease_expires_at: ts(r.leaseExpiresAt),
  };
}

export function registrationFromWire(r: wire.Registration__Output): RegistrationSummary {
  return {
    registrationId: r.registration_id,
    workerId: r.worker_id,
    daemonId: r.daemon_id,
    ownerPid: r.owner_pid,
    deviceId: r.device_id,
    plan: r.plan,
    totalSize: num(r.total_size),
    coveredBytes: num(r.covered_bytes),
    epoch: num(r.epoch),
    ttlMs: num(r.ttl_ms),
    tensorIndexKey: r.tensor_index_key,
    createdAt: ms(r.created_at),
    leaseExpiresAt: ms(r.lease_expires_at),
  };
}

export function mappingToWire(m: MappingResolution): wire.ResolveMappingResponse {
  if (!m.found) return { found: false, mapping: null };
  return {
    found: true,
    mapping: {
      key: m.key,
      artifact_id: m.artifactId,
      replica_uuid: m.replicaUuid,
      daemon_address: m.daemonAddress,
      generation: u64(m.generation),
      swapped: m.swapped,
      ttl_ms: u64(m.ttlMs),
      created_at: ts(m.createdAt),
      updated_at: ts(m.updatedAt),
    },
  };
}

export function mappingFromWire(
  key: string,
  w: wire.ResolveMappingResponse__Output,
): MappingResolution {
  const m = w.mapping;
  if (!w.found || !m) return { found: false, key };
  return {
    found: true,
    key: m.key,
    artifactId: m.artifact_id,
    replicaUuid: m.replica_uuid,
    daemonAddress: m.daemon_address,
    generation: num(m.generation),
    swapped: m.swapped,
    ttlMs: num(m.ttl_ms),
    createdAt: ms(m.created_at),
    updatedAt: ms(m.updated_at),
  };
}

export function removalToWire(r: WorkerRemoval): wire.RemoveWorkerResponse {
  return {
    worker_id: r.workerId,
    previous_state: workerStateToWire(r.previousState),
    removed_replicas: u64(r.removedReplicas),
    revoked_registrations: u64(r.revokedRegistrations),
    reason: r.reason,
  };
}

export function removalFromWire(w: wire.RemoveWorkerResponse__Output): WorkerRemoval {
  return {
    workerId: w.worker_id,
    previousState: workerStateFromWire(w.previous_state) ?? 'INACTIVE',
    removedReplicas: num(w.removed_replicas),
    revokedRegistrations: num(w.revoked_registrations),
    reason: w.reason,
  };
}

export function pageFromWire<W, T>(
  items: readonly W[],
  w: { next_page_token: string; total_size: string | number },
  convert: (item: W) => T,
): Page<T> {
  return {
    items: items.map(convert),
    nextPageToken: w.next_page_token,
    totalSize: num(w.total_size),
  };
}
