// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  RegistrationInfo as _tensorcast_global_store_v1_RegistrationInfo,
  RegistrationInfo__Output as _tensorcast_global_store_v1_RegistrationInfo__Output,
} from '../../../tensorcast/global_store/v1/RegistrationInfo';

export interface ListRegistrationsResponse {
  registrations?: _tensorcast_global_store_v1_RegistrationInfo[];
}

export interface ListRegistrationsResponse__Output {
  registrations: _tensorcast_global_store_v1_RegistrationInfo__Output[];
}
