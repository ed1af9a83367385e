// Original file: proto/tcgs/admin/v1/admin.proto

export interface GetClusterStatusRequest {}

export interface GetClusterStatusRequest__Output {}
