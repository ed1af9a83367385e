// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface WaitReplicaDrainRequest {
  replica_id?: string;
  /**
   * 0 = look once and answer.
   */
  timeout_ms?: number;
  operation_id?: string;
  _operation_id?: 'operation_id';
}

export interface WaitReplicaDrainRequest__Output {
  replica_id: string;
  /**
   * 0 = look once and answer.
   */
  timeout_ms: number;
  operation_id?: string;
  _operation_id?: 'operation_id';
}
