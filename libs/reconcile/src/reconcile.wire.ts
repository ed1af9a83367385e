import { ReplicaRecord, toMemoryInfoWire } from '../../artifacts/src';
import type { wire } from '../../grpc/src';
import { ReconcileOutcome, StateChangeView } from './reconcile.service';

/**
 * A replica as daemons see it in expected_replicas and state_changes: the MemoryInfo peers
 * get everywhere else, the server's replica_id, and the stats the server keeps.
 *
 * The 64-bit fields the server holds as safe integers go to the encoder as numbers, not
 * decimal strings: protobufjs turns a string into a Long with Long.fromString, a few percent
 * of the CPU of a 10k-replica answer; the varint on the wire is the same.
 */
export function replicaInfoOf(replica: ReplicaRecord): wire.ReplicaInfo {
  const memoryInfo = toMemoryInfoWire(replica);
  memoryInfo.memory_size = replica.memorySize;
  return {
    ref: { artifact_id: replica.artifactId, replica_id: replica.replicaId },
    memory_info: memoryInfo,
    stats: {
      max_concurrency: replica.maxConcurrency,
      current_requests: replica.currentRequests,
      is_available: replica.available,
      registered_ts: timestampOf(replica.registeredAt),
    },
  };
}

/** A google.protobuf.Timestamp of epoch milliseconds, seconds as a number (see above). */
function timestampOf(ms: number): wire.Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
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
