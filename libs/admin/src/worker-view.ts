import type { AvailabilityCount } from '../../artifacts/src';
import type { WorkerConnection, WorkerRecord } from '../../workers/src';
import { WorkerState, WorkerSummary } from './admin.types';

/**
 * The operator's state of a worker, from the row and the connection WorkersService judges.
 * A live, accepting worker that is still RECONNECTING is one restored at startup and not
 * yet heard from.
 */
export function workerStateOf(
  worker: WorkerRecord,
  connection: WorkerConnection,
  now: number,
  timeoutMs: number,
): WorkerState {
  if (worker.inactive) return 'INACTIVE';
  if (now - worker.lastHeartbeatAt > timeoutMs) return 'TIMED_OUT';
  if (!worker.acceptingNewRequests) return 'NOT_ACCEPTING';
  return connection === 'RECONNECTING' ? 'RECOVERING' : 'ACTIVE';
}

export function toWorkerSummary(
  worker: WorkerRecord,
  state: WorkerState,
  counts: AvailabilityCount | undefined,
): WorkerSummary {
  return {
    workerId: worker.workerId,
    daemonId: worker.daemonId,
    nodeId: worker.nodeId,
    nodeAddress: worker.nodeAddress,
    grpcPort: worker.grpcPort,
    p2pPort: worker.p2pPort,
    state,
    acceptingNewRequests: worker.acceptingNewRequests,
    registeredAt: Number(worker.registeredAt),
    lastHeartbeatAt: Number(worker.lastHeartbeatAt),
    memPoolTotalSize: Number(worker.memPoolTotalSize),
    memPoolAvailableSize: Number(worker.memPoolAvailableSize),
    capabilityFlags: String(worker.capabilityFlags),
    stateVersion: Number(worker.stateVersion),
    stateChecksum: worker.stateChecksum,
    reconcileGeneration: Number(worker.reconcileGeneration),
    replicaCount: counts?.total ?? 0,
    availableReplicaCount: counts?.available ?? 0,
  };
}

export function countByState(states: Iterable<WorkerState>): Record<WorkerState, number> {
  const counts: Record<WorkerState, number> = {
    ACTIVE: 0,
    NOT_ACCEPTING: 0,
    RECOVERING: 0,
    TIMED_OUT: 0,
    INACTIVE: 0,
  };
  for (const state of states) counts[state] += 1;
  return counts;
}
