// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type { Long } from '@grpc/proto-loader';

export interface WaitReplicaDrainResponse {
  status?: _tensorcast_global_store_v1_Status;
  drained?: boolean;
  current_requests?: number;
  /**
   * Set iff the replica has a transport in progress.
   */
  oldest_transport_age_ms?: number | string | Long;
  _oldest_transport_age_ms?: 'oldest_transport_age_ms';
}

export interface WaitReplicaDrainResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  drained: boolean;
  current_requests: number;
  /**
   * Set iff the replica has a transport in progress.
   */
  oldest_transport_age_ms?: string;
  _oldest_transport_age_ms?: 'oldest_transport_age_ms';
}
