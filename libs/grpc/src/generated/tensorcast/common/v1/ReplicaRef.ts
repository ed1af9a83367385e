// Original file: proto/tensorcast/common/v1/common.proto

export interface ReplicaRef {
  artifact_id?: string;
  replica_id?: string;
}

export interface ReplicaRef__Output {
  artifact_id: string;
  replica_id: string;
}
