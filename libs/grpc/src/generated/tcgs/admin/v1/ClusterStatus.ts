// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  ServingState as _tcgs_admin_v1_ServingState,
  ServingState__Output as _tcgs_admin_v1_ServingState__Output,
} from '../../../tcgs/admin/v1/ServingState';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type {
  WorkerStateCount as _tcgs_admin_v1_WorkerStateCount,
  WorkerStateCount__Output as _tcgs_admin_v1_WorkerStateCount__Output,
} from '../../../tcgs/admin/v1/WorkerStateCount';
import type {
  ReplicaTierCount as _tcgs_admin_v1_ReplicaTierCount,
  ReplicaTierCount__Output as _tcgs_admin_v1_ReplicaTierCount__Output,
} from '../../../tcgs/admin/v1/ReplicaTierCount';
import type {
  DatabaseStatus as _tcgs_admin_v1_DatabaseStatus,
  DatabaseStatus__Output as _tcgs_admin_v1_DatabaseStatus__Output,
} from '../../../tcgs/admin/v1/DatabaseStatus';
import type {
  Leadership as _tcgs_admin_v1_Leadership,
  Leadership__Output as _tcgs_admin_v1_Leadership__Output,
} from '../../../tcgs/admin/v1/Leadership';
import type { Long } from '@grpc/proto-loader';

export interface ClusterStatus {
  serving_state?: _tcgs_admin_v1_ServingState;
  version?: string;
  cluster_id?: string;
  started_at?: _google_protobuf_Timestamp | null;
  uptime_ms?: number | string | Long;
  observed_at?: _google_protobuf_Timestamp | null;
  /**
   * One entry per WorkerState (UNSPECIFIED excluded), zeros included.
   */
  workers_by_state?: _tcgs_admin_v1_WorkerStateCount[];
  worker_total?: number | string | Long;
  /**
   * GPU, RAM, DISK in that order.
   */
  replicas_by_tier?: _tcgs_admin_v1_ReplicaTierCount[];
  replica_total?: number | string | Long;
  artifact_total?: number | string | Long;
  open_registrations?: number | string | Long;
  database?: _tcgs_admin_v1_DatabaseStatus | null;
  leadership?: _tcgs_admin_v1_Leadership | null;
}

export interface ClusterStatus__Output {
  serving_state: _tcgs_admin_v1_ServingState__Output;
  version: string;
  cluster_id: string;
  started_at: _google_protobuf_Timestamp__Output | null;
  uptime_ms: string;
  observed_at: _google_protobuf_Timestamp__Output | null;
  /**
   * One entry per WorkerState (UNSPECIFIED excluded), zeros included.
   */
  workers_by_state: _tcgs_admin_v1_WorkerStateCount__Output[];
  worker_total: string;
  /**
   * GPU, RAM, DISK in that order.
   */
  replicas_by_tier: _tcgs_admin_v1_ReplicaTierCount__Output[];
  replica_total: string;
  artifact_total: string;
  open_registrations: string;
  database: _tcgs_admin_v1_DatabaseStatus__Output | null;
  leadership: _tcgs_admin_v1_Leadership__Output | null;
}
