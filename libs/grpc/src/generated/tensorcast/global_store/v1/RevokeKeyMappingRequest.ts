// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface RevokeKeyMappingRequest {
  key?: string;
}

export interface RevokeKeyMappingRequest__Output {
  key: string;
}
