// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  RegistrationLease as _tensorcast_global_store_v1_RegistrationLease,
  RegistrationLease__Output as _tensorcast_global_store_v1_RegistrationLease__Output,
} from '../../../tensorcast/global_store/v1/RegistrationLease';

export interface KeepaliveRegistrationResponse {
  lease?: _tensorcast_global_store_v1_RegistrationLease | null;
}

export interface KeepaliveRegistrationResponse__Output {
  lease: _tensorcast_global_store_v1_RegistrationLease__Output | null;
}
