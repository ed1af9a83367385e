// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface RegistrationLease {
  lease_id?: string;
  /**
   * Fencing token: every Feed and Commit must carry it. The server bumps it whenever it
   * re-grants the lease (e.g. after restoring the registration on restart), which turns
   * writes from an older holder into errors instead of silent corruption.
   */
  epoch?: number | string | Long;
  /**
   * Wall-clock hint for the daemon; the server judges expiry on its monotonic clock.
   */
  expires_at?: _google_protobuf_Timestamp | null;
}

export interface RegistrationLease__Output {
  lease_id: string;
  /**
   * Fencing token: every Feed and Commit must carry it. The server bumps it whenever it
   * re-grants the lease (e.g. after restoring the registration on restart), which turns
   * writes from an older holder into errors instead of silent corruption.
   */
  epoch: string;
  /**
   * Wall-clock hint for the daemon; the server judges expiry on its monotonic clock.
   */
  expires_at: _google_protobuf_Timestamp__Output | null;
}
