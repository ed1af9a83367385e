// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  RegistrationPlanKind as _tensorcast_global_store_v1_RegistrationPlanKind,
  RegistrationPlanKind__Output as _tensorcast_global_store_v1_RegistrationPlanKind__Output,
} from '../../../tensorcast/global_store/v1/RegistrationPlanKind';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type {
  RegistrationState as _tensorcast_global_store_v1_RegistrationState,
  RegistrationState__Output as _tensorcast_global_store_v1_RegistrationState__Output,
} from '../../../tensorcast/global_store/v1/RegistrationState';
import type { Long } from '@grpc/proto-loader';

export interface RegistrationInfo {
  registration_id?: string;
  worker_id?: string;
  daemon_id?: string;
  owner_pid?: number;
  plan_kind?: _tensorcast_global_store_v1_RegistrationPlanKind;
  total_size?: number | string | Long;
  covered_bytes?: number | string | Long;
  epoch?: number | string | Long;
  expires_at?: _google_protobuf_Timestamp | null;
  state?: _tensorcast_global_store_v1_RegistrationState;
  created_at?: _google_protobuf_Timestamp | null;
  tensor_index_key?: string;
  device_id?: number;
  lease_id?: string;
  /**
   * Set once committed.
   */
  artifact_id?: string;
  replica_id?: string;
  /**
   * Why it ended (abort/revoke reason, "expired", "global store restarted"); empty while open.
   */
  end_reason?: string;
}

export interface RegistrationInfo__Output {
  registration_id: string;
  worker_id: string;
  daemon_id: string;
  owner_pid: number;
  plan_kind: _tensorcast_global_store_v1_RegistrationPlanKind__Output;
  total_size: string;
  covered_bytes: string;
  epoch: string;
  expires_at: _google_protobuf_Timestamp__Output | null;
  state: _tensorcast_global_store_v1_RegistrationState__Output;
  created_at: _google_protobuf_Timestamp__Output | null;
  tensor_index_key: string;
  device_id: number;
  lease_id: string;
  /**
   * Set once committed.
   */
  artifact_id: string;
  replica_id: string;
  /**
   * Why it ended (abort/revoke reason, "expired", "global store restarted"); empty while open.
   */
  end_reason: string;
}
