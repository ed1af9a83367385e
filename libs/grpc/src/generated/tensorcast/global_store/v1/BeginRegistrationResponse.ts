// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  RegistrationLease as _tensorcast_global_store_v1_RegistrationLease,
  RegistrationLease__Output as _tensorcast_global_store_v1_RegistrationLease__Output,
} from '../../../tensorcast/global_store/v1/RegistrationLease';
import type {
  RegistrationPlanKind as _tensorcast_global_store_v1_RegistrationPlanKind,
  RegistrationPlanKind__Output as _tensorcast_global_store_v1_RegistrationPlanKind__Output,
} from '../../../tensorcast/global_store/v1/RegistrationPlanKind';

export interface BeginRegistrationResponse {
  registration_id?: string;
  lease?: _tensorcast_global_store_v1_RegistrationLease | null;
  plan_kind?: _tensorcast_global_store_v1_RegistrationPlanKind;
  /**
   * sha256 hex of the tensor index, also when Begin sent the data.
   */
  tensor_index_key?: string;
}

export interface BeginRegistrationResponse__Output {
  registration_id: string;
  lease: _tensorcast_global_store_v1_RegistrationLease__Output | null;
  plan_kind: _tensorcast_global_store_v1_RegistrationPlanKind__Output;
  /**
   * sha256 hex of the tensor index, also when Begin sent the data.
   */
  tensor_index_key: string;
}
