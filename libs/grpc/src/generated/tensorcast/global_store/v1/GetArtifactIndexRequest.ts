// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface GetArtifactIndexRequest {
  /**
   * sha256 hex of the canonical index bytes.
   */
  tensor_index_key?: string;
}

export interface GetArtifactIndexRequest__Output {
  /**
   * sha256 hex of the canonical index bytes.
   */
  tensor_index_key: string;
}
