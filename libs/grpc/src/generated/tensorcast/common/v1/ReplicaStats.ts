// Original file: proto/tensorcast/common/v1/common.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';

export interface ReplicaStats {
  max_concurrency?: number;
  current_requests?: number;
  is_available?: boolean;
  /**
   * When the daemon registered it; reconcile keeps server replicas newer than the oldest
   * of these because they raced the snapshot.
   */
  registered_ts?: _google_protobuf_Timestamp | null;
}

export interface ReplicaStats__Output {
  max_concurrency: number;
  current_requests: number;
  is_available: boolean;
  /**
   * When the daemon registered it; reconcile keeps server replicas newer than the oldest
   * of these because they raced the snapshot.
   */
  registered_ts: _google_protobuf_Timestamp__Output | null;
}
