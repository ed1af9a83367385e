// Original file: proto/tcgs/admin/v1/admin.proto

export interface ResolveMappingRequest {
  key?: string;
}

export interface ResolveMappingRequest__Output {
  key: string;
}
