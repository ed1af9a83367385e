// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface ResolveKeyMappingRequest {
  key?: string;
}

export interface ResolveKeyMappingRequest__Output {
  key: string;
}
