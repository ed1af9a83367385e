// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ChunkState as _tensorcast_global_store_v1_ChunkState,
  ChunkState__Output as _tensorcast_global_store_v1_ChunkState__Output,
} from '../../../tensorcast/global_store/v1/ChunkState';

export interface ChunkLocation {
  chunk_idx?: number;
  node_id?: string;
  node_address?: string;
  p2p_port?: number;
  state?: _tensorcast_global_store_v1_ChunkState;
  node_load_ratio?: number | string;
  device_uuid?: string;
  replica?: number;
}

export interface ChunkLocation__Output {
  chunk_idx: number;
  node_id: string;
  node_address: string;
  p2p_port: number;
  state: _tensorcast_global_store_v1_ChunkState__Output;
  node_load_ratio: number;
  device_uuid: string;
  replica: number;
}
