// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

/**
 * Chunks [start, start + count) of an artifact.
 */
export interface ChunkRange {
  start?: number;
  count?: number;
}

/**
 * Chunks [start, start + count) of an artifact.
 */
export interface ChunkRange__Output {
  start: number;
  count: number;
}
