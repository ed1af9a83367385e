// Original file: proto/tensorcast/global_store/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

export interface CommitRegistrationRequest {
  registration_id?: string;
  epoch?: number | string | Long;
}

export interface CommitRegistrationRequest__Output {
  registration_id: string;
  epoch: string;
}
