// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface BatchGetReplicaCountsRequest {
  artifact_ids?: string[];
}

export interface BatchGetReplicaCountsRequest__Output {
  artifact_ids: string[];
}
