// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Registration {
  registration_id?: string;
  worker_id?: string;
  daemon_id?: string;
  owner_pid?: number;
  device_id?: number;
  /**
   * coalesced, cpu or lease.
   */
  plan?: string;
  total_size?: number | string | Long;
  covered_bytes?: number | string | Long;
  epoch?: number | string | Long;
  ttl_ms?: number | string | Long;
  tensor_index_key?: string;
  created_at?: _google_protobuf_Timestamp | null;
  /**
   * A wall-clock hint; the server judges expiry on its monotonic clock.
   */
  lease_expires_at?: _google_protobuf_Timestamp | null;
}

export interface Registration__Output {
  registration_id: string;
  worker_id: string;
  daemon_id: string;
  owner_pid: number;
  device_id: number;
  /**
   * coalesced, cpu or lease.
   */
  plan: string;
  total_size: string;
  covered_bytes: string;
  epoch: string;
  ttl_ms: string;
  tensor_index_key: string;
  created_at: _google_protobuf_Timestamp__Output | null;
  /**
   * A wall-clock hint; the server judges expiry on its monotonic clock.
   */
  lease_expires_at: _google_protobuf_Timestamp__Output | null;
}
