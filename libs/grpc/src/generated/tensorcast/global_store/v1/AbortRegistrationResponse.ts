// Original file: proto/tensorcast/global_store/v1/registration.proto

export interface AbortRegistrationResponse {}

export interface AbortRegistrationResponse__Output {}
