// Original file: proto/tcgs/registrations/v1/keepalive.proto

import type {
  KeepaliveRegistrationRequest as _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
  KeepaliveRegistrationRequest__Output as _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/KeepaliveRegistrationRequest';
import type { Long } from '@grpc/proto-loader';

export interface KeepaliveStreamRequest {
  /**
   * Chosen by the client, echoed in the answer (answers also come back in request order).
   */
  request_id?: number | string | Long;
  /**
   * Exactly the unary KeepaliveRegistration request: registration_id, owner_pid, ttl_ms.
   */
  keepalive?: _tensorcast_global_store_v1_KeepaliveRegistrationRequest | null;
}

export interface KeepaliveStreamRequest__Output {
  /**
   * Chosen by the client, echoed in the answer (answers also come back in request order).
   */
  request_id: string;
  /**
   * Exactly the unary KeepaliveRegistration request: registration_id, owner_pid, ttl_ms.
   */
  keepalive: _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output | null;
}
