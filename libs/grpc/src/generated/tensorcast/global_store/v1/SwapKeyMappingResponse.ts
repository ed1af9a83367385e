// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type { Long } from '@grpc/proto-loader';

export interface SwapKeyMappingResponse {
  status?: _tensorcast_global_store_v1_Status;
  /**
   * The mapping as it stands after the call, whether or not the swap applied.
   */
  artifact_id?: string;
  generation?: number | string | Long;
}

export interface SwapKeyMappingResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  /**
   * The mapping as it stands after the call, whether or not the swap applied.
   */
  artifact_id: string;
  generation: string;
}
