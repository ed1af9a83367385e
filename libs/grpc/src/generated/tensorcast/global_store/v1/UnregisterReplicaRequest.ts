// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface UnregisterReplicaRequest {
  artifact_id?: string;
  replica_id?: string;
}

export interface UnregisterReplicaRequest__Output {
  artifact_id: string;
  replica_id: string;
}
