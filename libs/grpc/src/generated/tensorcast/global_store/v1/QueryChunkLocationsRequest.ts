// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface QueryChunkLocationsRequest {
  artifact_id?: string;
  /**
   * Empty = every chunk.
   */
  chunk_indices?: number[];
}

export interface QueryChunkLocationsRequest__Output {
  artifact_id: string;
  /**
   * Empty = every chunk.
   */
  chunk_indices: number[];
}
