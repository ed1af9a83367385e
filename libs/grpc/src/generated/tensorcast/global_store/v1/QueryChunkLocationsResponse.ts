// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type {
  ChunkLocation as _tensorcast_global_store_v1_ChunkLocation,
  ChunkLocation__Output as _tensorcast_global_store_v1_ChunkLocation__Output,
} from '../../../tensorcast/global_store/v1/ChunkLocation';

export interface QueryChunkLocationsResponse {
  status?: _tensorcast_global_store_v1_Status;
  locations?: _tensorcast_global_store_v1_ChunkLocation[];
}

export interface QueryChunkLocationsResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  locations: _tensorcast_global_store_v1_ChunkLocation__Output[];
}
