// Original file: proto/tensorcast/global_store/v1/registration.proto

export interface AbortRegistrationRequest {
  registration_id?: string;
  reason?: string;
}

export interface AbortRegistrationRequest__Output {
  registration_id: string;
  reason: string;
}
