// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface ArtifactReplicaCountRecord {
  artifact_id?: string;
  replica_count?: number;
  available_count?: number;
}

export interface ArtifactReplicaCountRecord__Output {
  artifact_id: string;
  replica_count: number;
  available_count: number;
}
