// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  FeedChunk as _tensorcast_global_store_v1_FeedChunk,
  FeedChunk__Output as _tensorcast_global_store_v1_FeedChunk__Output,
} from '../../../tensorcast/global_store/v1/FeedChunk';
import type {
  LeaseSegments as _tensorcast_global_store_v1_LeaseSegments,
  LeaseSegments__Output as _tensorcast_global_store_v1_LeaseSegments__Output,
} from '../../../tensorcast/global_store/v1/LeaseSegments';
import type { Long } from '@grpc/proto-loader';

export interface FeedRegistrationRequest {
  registration_id?: string;
  /**
   * RegistrationLease.epoch; a stale epoch is rejected.
   */
  epoch?: number | string | Long;
  chunk?: _tensorcast_global_store_v1_FeedChunk | null;
  lease_segments?: _tensorcast_global_store_v1_LeaseSegments | null;
  feed?: 'chunk' | 'lease_segments';
}

export interface FeedRegistrationRequest__Output {
  registration_id: string;
  /**
   * RegistrationLease.epoch; a stale epoch is rejected.
   */
  epoch: string;
  chunk?: _tensorcast_global_store_v1_FeedChunk__Output | null;
  lease_segments?: _tensorcast_global_store_v1_LeaseSegments__Output | null;
  feed?: 'chunk' | 'lease_segments';
}
