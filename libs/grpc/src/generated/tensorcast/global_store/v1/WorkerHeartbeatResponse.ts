// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface WorkerHeartbeatResponse {
  /**
   * STATUS_NOT_FOUND (with gRPC OK) means: register again.
   */
  status?: _tensorcast_global_store_v1_Status;
  state_sync_required?: boolean;
  expected_state_version?: number | string | Long;
  /**
   * Reported artifact ids for which the server holds no replica of this worker.
   */
  obsolete_replicas?: string[];
  server_timestamp_ts?: _google_protobuf_Timestamp | null;
}

export interface WorkerHeartbeatResponse__Output {
  /**
   * STATUS_NOT_FOUND (with gRPC OK) means: register again.
   */
  status: _tensorcast_global_store_v1_Status__Output;
  state_sync_required: boolean;
  expected_state_version: string;
  /**
   * Reported artifact ids for which the server holds no replica of this worker.
   */
  obsolete_replicas: string[];
  server_timestamp_ts: _google_protobuf_Timestamp__Output | null;
}
