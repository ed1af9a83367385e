// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type { Long } from '@grpc/proto-loader';

export interface ListActiveWorkersRequest {
  /**
   * Also list workers that are alive but not accepting new requests.
   */
  include_unavailable?: boolean;
  /**
   * Every bit set here must be set in the worker's capability_flags.
   */
  required_capability_flags?: number | string | Long;
}

export interface ListActiveWorkersRequest__Output {
  /**
   * Also list workers that are alive but not accepting new requests.
   */
  include_unavailable: boolean;
  /**
   * Every bit set here must be set in the worker's capability_flags.
   */
  required_capability_flags: string;
}
