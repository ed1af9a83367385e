// Original file: proto/tensorcast/global_store/v1/global_store.proto

export const ChunkState = {
  CHUNK_STATE_UNSPECIFIED: 'CHUNK_STATE_UNSPECIFIED',
  CHUNK_STATE_LOCKED_TX: 'CHUNK_STATE_LOCKED_TX',
  CHUNK_STATE_COPIED_GPU: 'CHUNK_STATE_COPIED_GPU',
  CHUNK_STATE_COLD: 'CHUNK_STATE_COLD',
  CHUNK_STATE_EVICTED: 'CHUNK_STATE_EVICTED',
  CHUNK_STATE_HOT: 'CHUNK_STATE_HOT',
} as const;

export type ChunkState =
  | 'CHUNK_STATE_UNSPECIFIED'
  | 0
  | 'CHUNK_STATE_LOCKED_TX'
  | 1
  | 'CHUNK_STATE_COPIED_GPU'
  | 2
  | 'CHUNK_STATE_COLD'
  | 3
  | 'CHUNK_STATE_EVICTED'
  | 4
  | 'CHUNK_STATE_HOT'
  | 5;

export type ChunkState__Output = (typeof ChunkState)[keyof typeof ChunkState];
