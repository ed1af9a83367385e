// Original file: proto/tcgs/admin/v1/admin.proto

export interface ListOpenRegistrationsRequest {
  worker_id?: string;
  daemon_id?: string;
}

export interface ListOpenRegistrationsRequest__Output {
  worker_id: string;
  daemon_id: string;
}
