// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface UpdateReplicaRequest {
  artifact_id?: string;
  replica_id?: string;
}

export interface UpdateReplicaRequest__Output {
  artifact_id: string;
  replica_id: string;
}
