// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ChunkState as _tensorcast_global_store_v1_ChunkState,
  ChunkState__Output as _tensorcast_global_store_v1_ChunkState__Output,
} from '../../../tensorcast/global_store/v1/ChunkState';

export interface ChunkStateUpdate {
  artifact_id?: string;
  chunk_idx?: number;
  state?: _tensorcast_global_store_v1_ChunkState;
  /**
   * May be empty.
   */
  device_uuid?: string;
  replica?: number;
}

export interface ChunkStateUpdate__Output {
  artifact_id: string;
  chunk_idx: number;
  state: _tensorcast_global_store_v1_ChunkState__Output;
  /**
   * May be empty.
   */
  device_uuid: string;
  replica: number;
}
