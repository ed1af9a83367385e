// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ReplicaInfo as _tensorcast_common_v1_ReplicaInfo,
  ReplicaInfo__Output as _tensorcast_common_v1_ReplicaInfo__Output,
} from '../../../tensorcast/common/v1/ReplicaInfo';
import type {
  ReconcileRequestKind as _tensorcast_global_store_v1_ReconcileRequestKind,
  ReconcileRequestKind__Output as _tensorcast_global_store_v1_ReconcileRequestKind__Output,
} from '../../../tensorcast/global_store/v1/ReconcileRequestKind';
import type { Long } from '@grpc/proto-loader';

/**
 * A daemon's inventory, fenced by (generation, request_seq) so reordered or duplicated
 * requests cannot undo newer state.
 */
export interface ReconcileWorkerStateRequest {
  worker_id?: string;
  daemon_id?: string;
  generation?: number | string | Long;
  request_seq?: number | string | Long;
  inventory?: _tensorcast_common_v1_ReplicaInfo[];
  request_kind?: _tensorcast_global_store_v1_ReconcileRequestKind;
}

/**
 * A daemon's inventory, fenced by (generation, request_seq) so reordered or duplicated
 * requests cannot undo newer state.
 */
export interface ReconcileWorkerStateRequest__Output {
  worker_id: string;
  daemon_id: string;
  generation: string;
  request_seq: string;
  inventory: _tensorcast_common_v1_ReplicaInfo__Output[];
  request_kind: _tensorcast_global_store_v1_ReconcileRequestKind__Output;
}
