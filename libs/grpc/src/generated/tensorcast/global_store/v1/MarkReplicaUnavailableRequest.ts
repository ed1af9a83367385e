// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface MarkReplicaUnavailableRequest {
  artifact_id?: string;
  replica_id?: string;
  reason?: string;
  operation_id?: string;
  _reason?: 'reason';
  _operation_id?: 'operation_id';
}

export interface MarkReplicaUnavailableRequest__Output {
  artifact_id: string;
  replica_id: string;
  reason?: string;
  operation_id?: string;
  _reason?: 'reason';
  _operation_id?: 'operation_id';
}
