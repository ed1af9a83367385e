// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface KeyMapping {
  key?: string;
  artifact_id?: string;
  replica_uuid?: string;
  daemon_address?: string;
  generation?: number | string | Long;
  /**
   * Moved by SwapKeyMapping at least once (an alias).
   */
  swapped?: boolean;
  /**
   * 0 = no ttl was given.
   */
  ttl_ms?: number | string | Long;
  created_at?: _google_protobuf_Timestamp | null;
  updated_at?: _google_protobuf_Timestamp | null;
}

export interface KeyMapping__Output {
  key: string;
  artifact_id: string;
  replica_uuid: string;
  daemon_address: string;
  generation: string;
  /**
   * Moved by SwapKeyMapping at least once (an alias).
   */
  swapped: boolean;
  /**
   * 0 = no ttl was given.
   */
  ttl_ms: string;
  created_at: _google_protobuf_Timestamp__Output | null;
  updated_at: _google_protobuf_Timestamp__Output | null;
}
