// Original file: proto/tensorcast/global_store/v1/global_store.proto

export interface HealthCheckRequest {}

export interface HealthCheckRequest__Output {}
