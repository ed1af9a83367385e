// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface TransportWindowRow {
  transport_id?: string;
  replica_id?: string;
  artifact_id?: string;
  /**
   * "in_progress" or "completed".
   */
  status?: string;
  /**
   * "success", "failed", "expired", "cancelled" or "" (none, or an older daemon's).
   */
  completion_outcome?: string;
  request_id?: string;
  requester_worker_id?: string;
  group_id?: string;
  group_kind?: string;
  group_part_id?: string;
  group_total_parts?: number;
  created_at?: _google_protobuf_Timestamp | null;
  /**
   * Unset while in progress.
   */
  completed_at?: _google_protobuf_Timestamp | null;
  replica_memory_size_bytes?: number | string | Long;
}

export interface TransportWindowRow__Output {
  transport_id: string;
  replica_id: string;
  artifact_id: string;
  /**
   * "in_progress" or "completed".
   */
  status: string;
  /**
   * "success", "failed", "expired", "cancelled" or "" (none, or an older daemon's).
   */
  completion_outcome: string;
  request_id: string;
  requester_worker_id: string;
  group_id: string;
  group_kind: string;
  group_part_id: string;
  group_total_parts: number;
  created_at: _google_protobuf_Timestamp__Output | null;
  /**
   * Unset while in progress.
   */
  completed_at: _google_protobuf_Timestamp__Output | null;
  replica_memory_size_bytes: string;
}
