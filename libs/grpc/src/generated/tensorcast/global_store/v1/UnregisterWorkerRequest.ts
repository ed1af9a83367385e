// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface UnregisterWorkerRequest {
  worker_id?: string;
  is_graceful_shutdown?: boolean;
  /**
   * Retries with the same id replay the first answer instead of running twice.
   */
  client_request_id?: string;
  _client_request_id?: 'client_request_id';
}

export interface UnregisterWorkerRequest__Output {
  worker_id: string;
  is_graceful_shutdown: boolean;
  /**
   * Retries with the same id replay the first answer instead of running twice.
   */
  client_request_id?: string;
  _client_request_id?: 'client_request_id';
}
