// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface GetServerInfoRequest {}

export interface GetServerInfoRequest__Output {}
