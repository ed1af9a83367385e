// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface GetArtifactIndexByIdRequest {
  artifact_id?: string;
}

export interface GetArtifactIndexByIdRequest__Output {
  artifact_id: string;
}
