// Original file: proto/tcgs/admin/v1/admin.proto

export interface GetWorkerRequest {
  worker_id?: string;
}

export interface GetWorkerRequest__Output {
  worker_id: string;
}
