// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type { Long } from '@grpc/proto-loader';

export interface ResolveKeyMappingResponse {
  status?: _tensorcast_global_store_v1_Status;
  artifact_id?: string;
  replica_uuid?: string;
  daemon_address?: string;
  generation?: number | string | Long;
  /**
   * How long a client may cache this answer; short for swapped aliases.
   */
  cache_ttl_seconds?: number;
}

export interface ResolveKeyMappingResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  artifact_id: string;
  replica_uuid: string;
  daemon_address: string;
  generation: string;
  /**
   * How long a client may cache this answer; short for swapped aliases.
   */
  cache_ttl_seconds: number;
}
