import { ReplicaRecord, toMemoryInfoWire } from '../../artifacts/src';
import type { wire } from '../../grpc/src';
import { timestampFromMs } from '../../grpc/src';
import { ReconcileOutcome, StateChangeView } from './reconcile.service';

/**
 * A replica as daemons see it in expected_replicas and state_changes: the MemoryInfo peers
 * get everywhere else, the server's replica_id, and the stats the server keeps.
 */
export function replicaInfoOf(replica: ReplicaRecord): wire.ReplicaInfo {
  return {
    ref: { artifact_id: replica.artifactId, replica_id: replica.replicaId },
    memory_info: toMemoryInfoWire(replica),
    stats: {
      max_concurrency: replica.maxConcurrency,
      current_requests: replica.currentRequests,
      is_available: replica.available,
      registered_ts: timestampFromMs(replica.registeredAt),
    },
  };
}

const CHANGE_TYPE = {
  ADD: 'CHANGE_TYPE_ADD_REPLICA',
  UPDATE: 'CHANGE_TYPE_UPDATE_REPLICA',
  REMOVE: 'CHANGE_TYPE_REMOVE_REPLICA',
} as const;

function stateChangeOf(change: StateChangeView): wire.StateChange {
  return {
    type: CHANGE_TYPE[change.type],
    replica_info: replicaInfoOf(change.replica),
    reason: change.reason,
  };
}

export function reconcileResponseOf(outcome: ReconcileOutcome): wire.ReconcileWorkerStateResponse {
  return {
    result_kind: `RECONCILE_RESULT_KIND_${outcome.resultKind}`,
    retry_after_ms: outcome.retryAfterMs,
    new_state_version: String(outcome.stateVersion),
    new_state_checksum: outcome.stateChecksum,
    state_changes: outcome.stateChanges.map(stateChangeOf),
    expected_replicas: outcome.expectedReplicas.map(replicaInfoOf),
  };
}
