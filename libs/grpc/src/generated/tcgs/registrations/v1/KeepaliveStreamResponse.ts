// Original file: proto/tcgs/registrations/v1/keepalive.proto

import type {
  KeepaliveRegistrationResponse as _tensorcast_global_store_v1_KeepaliveRegistrationResponse,
  KeepaliveRegistrationResponse__Output as _tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/KeepaliveRegistrationResponse';
import type { Long } from '@grpc/proto-loader';

export interface KeepaliveStreamResponse {
  request_id?: number | string | Long;
  /**
   * The request's keepalive.registration_id, as sent.
   */
  registration_id?: string;
  /**
   * A google.rpc.Code / gRPC status code: 0 (OK) when the lease was extended; otherwise what
   * the unary KeepaliveRegistration would have failed with (NOT_FOUND, ABORTED,
   * DEADLINE_EXCEEDED, FAILED_PRECONDITION, PERMISSION_DENIED, INVALID_ARGUMENT, ...).
   */
  code?: number;
  /**
   * Empty on OK; otherwise the unary call's status details ("field: why").
   */
  message?: string;
  /**
   * The request field the error is about ("keepalive", "keepalive.registration_id", ...), when
   * the error is about one; empty otherwise.
   */
  error_field?: string;
  /**
   * Set when code is 0: the extended lease, as the unary KeepaliveRegistration answers it.
   */
  keepalive?: _tensorcast_global_store_v1_KeepaliveRegistrationResponse | null;
}

export interface KeepaliveStreamResponse__Output {
  request_id: string;
  /**
   * The request's keepalive.registration_id, as sent.
   */
  registration_id: string;
  /**
   * A google.rpc.Code / gRPC status code: 0 (OK) when the lease was extended; otherwise what
   * the unary KeepaliveRegistration would have failed with (NOT_FOUND, ABORTED,
   * DEADLINE_EXCEEDED, FAILED_PRECONDITION, PERMISSION_DENIED, INVALID_ARGUMENT, ...).
   */
  code: number;
  /**
   * Empty on OK; otherwise the unary call's status details ("field: why").
   */
  message: string;
  /**
   * The request field the error is about ("keepalive", "keepalive.registration_id", ...), when
   * the error is about one; empty otherwise.
   */
  error_field: string;
  /**
   * Set when code is 0: the extended lease, as the unary KeepaliveRegistration answers it.
   */
  keepalive: _tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output | null;
}
