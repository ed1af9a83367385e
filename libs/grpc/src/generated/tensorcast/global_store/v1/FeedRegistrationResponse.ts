// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  RegistrationLease as _tensorcast_global_store_v1_RegistrationLease,
  RegistrationLease__Output as _tensorcast_global_store_v1_RegistrationLease__Output,
} from '../../../tensorcast/global_store/v1/RegistrationLease';
import type { Long } from '@grpc/proto-loader';

export interface FeedRegistrationResponse {
  /**
   * Accepted by this stream (not counting earlier streams).
   */
  accepted_bytes?: number | string | Long;
  accepted_segments?: number | string | Long;
  /**
   * Coverage of the registration so far, over all streams.
   */
  covered_bytes?: number | string | Long;
  /**
   * The lease as extended by the last accepted frame.
   */
  lease?: _tensorcast_global_store_v1_RegistrationLease | null;
}

export interface FeedRegistrationResponse__Output {
  /**
   * Accepted by this stream (not counting earlier streams).
   */
  accepted_bytes: string;
  accepted_segments: string;
  /**
   * Coverage of the registration so far, over all streams.
   */
  covered_bytes: string;
  /**
   * The lease as extended by the last accepted frame.
   */
  lease: _tensorcast_global_store_v1_RegistrationLease__Output | null;
}
