// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ReconcileResultKind as _tensorcast_global_store_v1_ReconcileResultKind,
  ReconcileResultKind__Output as _tensorcast_global_store_v1_ReconcileResultKind__Output,
} from '../../../tensorcast/global_store/v1/ReconcileResultKind';
import type {
  StateChange as _tensorcast_global_store_v1_StateChange,
  StateChange__Output as _tensorcast_global_store_v1_StateChange__Output,
} from '../../../tensorcast/global_store/v1/StateChange';
import type {
  ReplicaInfo as _tensorcast_common_v1_ReplicaInfo,
  ReplicaInfo__Output as _tensorcast_common_v1_ReplicaInfo__Output,
} from '../../../tensorcast/common/v1/ReplicaInfo';
import type { Long } from '@grpc/proto-loader';

export interface ReconcileWorkerStateResponse {
  result_kind?: _tensorcast_global_store_v1_ReconcileResultKind;
  retry_after_ms?: number;
  new_state_version?: number | string | Long;
  new_state_checksum?: string;
  state_changes?: _tensorcast_global_store_v1_StateChange[];
  /**
   * The server's view of this worker's replicas, sent with REBASE_REQUIRED.
   */
  expected_replicas?: _tensorcast_common_v1_ReplicaInfo[];
}

export interface ReconcileWorkerStateResponse__Output {
  result_kind: _tensorcast_global_store_v1_ReconcileResultKind__Output;
  retry_after_ms: number;
  new_state_version: string;
  new_state_checksum: string;
  state_changes: _tensorcast_global_store_v1_StateChange__Output[];
  /**
   * The server's view of this worker's replicas, sent with REBASE_REQUIRED.
   */
  expected_replicas: _tensorcast_common_v1_ReplicaInfo__Output[];
}
