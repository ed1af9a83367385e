// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ChunkStateUpdate as _tensorcast_global_store_v1_ChunkStateUpdate,
  ChunkStateUpdate__Output as _tensorcast_global_store_v1_ChunkStateUpdate__Output,
} from '../../../tensorcast/global_store/v1/ChunkStateUpdate';

export interface BatchUpdateChunkStatesRequest {
  worker_id?: string;
  node_id?: string;
  updates?: _tensorcast_global_store_v1_ChunkStateUpdate[];
}

export interface BatchUpdateChunkStatesRequest__Output {
  worker_id: string;
  node_id: string;
  updates: _tensorcast_global_store_v1_ChunkStateUpdate__Output[];
}
