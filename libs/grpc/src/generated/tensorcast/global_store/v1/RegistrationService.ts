// Original file: proto/tensorcast/global_store/v1/registration.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  AbortRegistrationRequest as _tensorcast_global_store_v1_AbortRegistrationRequest,
  AbortRegistrationRequest__Output as _tensorcast_global_store_v1_AbortRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/AbortRegistrationRequest';
import type {
  AbortRegistrationResponse as _tensorcast_global_store_v1_AbortRegistrationResponse,
  AbortRegistrationResponse__Output as _tensorcast_global_store_v1_AbortRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/AbortRegistrationResponse';
import type {
  BeginRegistrationRequest as _tensorcast_global_store_v1_BeginRegistrationRequest,
  BeginRegistrationRequest__Output as _tensorcast_global_store_v1_BeginRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/BeginRegistrationRequest';
import type {
  BeginRegistrationResponse as _tensorcast_global_store_v1_BeginRegistrationResponse,
  BeginRegistrationResponse__Output as _tensorcast_global_store_v1_BeginRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/BeginRegistrationResponse';
import type {
  CommitRegistrationRequest as _tensorcast_global_store_v1_CommitRegistrationRequest,
  CommitRegistrationRequest__Output as _tensorcast_global_store_v1_CommitRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/CommitRegistrationRequest';
import type {
  CommitRegistrationResponse as _tensorcast_global_store_v1_CommitRegistrationResponse,
  CommitRegistrationResponse__Output as _tensorcast_global_store_v1_CommitRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/CommitRegistrationResponse';
import type {
  FeedRegistrationRequest as _tensorcast_global_store_v1_FeedRegistrationRequest,
  FeedRegistrationRequest__Output as _tensorcast_global_store_v1_FeedRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/FeedRegistrationRequest';
import type {
  FeedRegistrationResponse as _tensorcast_global_store_v1_FeedRegistrationResponse,
  FeedRegistrationResponse__Output as _tensorcast_global_store_v1_FeedRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/FeedRegistrationResponse';
import type {
  KeepaliveRegistrationRequest as _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
  KeepaliveRegistrationRequest__Output as _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/KeepaliveRegistrationRequest';
import type {
  KeepaliveRegistrationResponse as _tensorcast_global_store_v1_KeepaliveRegistrationResponse,
  KeepaliveRegistrationResponse__Output as _tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/KeepaliveRegistrationResponse';
import type {
  ListRegistrationsRequest as _tensorcast_global_store_v1_ListRegistrationsRequest,
  ListRegistrationsRequest__Output as _tensorcast_global_store_v1_ListRegistrationsRequest__Output,
} from '../../../tensorcast/global_store/v1/ListRegistrationsRequest';
import type {
  ListRegistrationsResponse as _tensorcast_global_store_v1_ListRegistrationsResponse,
  ListRegistrationsResponse__Output as _tensorcast_global_store_v1_ListRegistrationsResponse__Output,
} from '../../../tensorcast/global_store/v1/ListRegistrationsResponse';
import type {
  RevokeRegistrationRequest as _tensorcast_global_store_v1_RevokeRegistrationRequest,
  RevokeRegistrationRequest__Output as _tensorcast_global_store_v1_RevokeRegistrationRequest__Output,
} from '../../../tensorcast/global_store/v1/RevokeRegistrationRequest';
import type {
  RevokeRegistrationResponse as _tensorcast_global_store_v1_RevokeRegistrationResponse,
  RevokeRegistrationResponse__Output as _tensorcast_global_store_v1_RevokeRegistrationResponse__Output,
} from '../../../tensorcast/global_store/v1/RevokeRegistrationResponse';

export interface RegistrationServiceClient extends grpc.Client {
  /**
   * Owner gives up; nothing of the registration stays visible.
   */
  AbortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  AbortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  AbortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  AbortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Owner gives up; nothing of the registration stays visible.
   */
  abortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  abortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  abortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  abortRegistration(
    argument: _tensorcast_global_store_v1_AbortRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_AbortRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Checks the worker is active and owned by daemon_id, validates the index and sizes, and
   * grants a lease (ttl_ms capped by the server's registrations.max_ttl).
   */
  BeginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  BeginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  BeginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  BeginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Checks the worker is active and owned by daemon_id, validates the index and sizes, and
   * grants a lease (ttl_ms capped by the server's registrations.max_ttl).
   */
  beginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  beginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  beginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  beginRegistration(
    argument: _tensorcast_global_store_v1_BeginRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BeginRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Requires full coverage of [0, total_size). Idempotent for the same registration.
   * ABORTED after Abort/Revoke, DEADLINE_EXCEEDED after expiry.
   */
  CommitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  CommitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  CommitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  CommitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Requires full coverage of [0, total_size). Idempotent for the same registration.
   * ABORTED after Abort/Revoke, DEADLINE_EXCEEDED after expiry.
   */
  commitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  commitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  commitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  commitRegistration(
    argument: _tensorcast_global_store_v1_CommitRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CommitRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Client stream of coverage frames. Frames must lie inside [0, total_size), must not
   * overlap, must match the plan (chunk for coalesced/cpu, lease_segments for lease) and carry
   * the current epoch. Every accepted frame also extends the lease. A rejected frame fails the
   * whole call with a gRPC error; frames accepted before it stay accepted.
   */
  FeedRegistration(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  FeedRegistration(
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  FeedRegistration(
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  FeedRegistration(
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  /**
   * Client stream of coverage frames. Frames must lie inside [0, total_size), must not
   * overlap, must match the plan (chunk for coalesced/cpu, lease_segments for lease) and carry
   * the current epoch. Every accepted frame also extends the lease. A rejected frame fails the
   * whole call with a gRPC error; frames accepted before it stay accepted.
   */
  feedRegistration(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  feedRegistration(
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  feedRegistration(
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;
  feedRegistration(
    callback: grpc.requestCallback<_tensorcast_global_store_v1_FeedRegistrationResponse__Output>,
  ): grpc.ClientWritableStream<_tensorcast_global_store_v1_FeedRegistrationRequest>;

  /**
   * Extends the lease without feeding (memory only on the server, cheap to call often).
   */
  KeepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  KeepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  KeepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  KeepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Extends the lease without feeding (memory only on the server, cheap to call often).
   */
  keepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  keepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  keepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  keepaliveRegistration(
    argument: _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRegistrations(
    argument: _tensorcast_global_store_v1_ListRegistrationsRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Operator ends one registration or all open ones of a worker or daemon.
   */
  RevokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Operator ends one registration or all open ones of a worker or daemon.
   */
  revokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeRegistration(
    argument: _tensorcast_global_store_v1_RevokeRegistrationRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeRegistrationResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface RegistrationServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Owner gives up; nothing of the registration stays visible.
   */
  AbortRegistration: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_AbortRegistrationRequest__Output,
    _tensorcast_global_store_v1_AbortRegistrationResponse
  >;

  /**
   * Checks the worker is active and owned by daemon_id, validates the index and sizes, and
   * grants a lease (ttl_ms capped by the server's registrations.max_ttl).
   */
  BeginRegistration: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_BeginRegistrationRequest__Output,
    _tensorcast_global_store_v1_BeginRegistrationResponse
  >;

  /**
   * Requires full coverage of [0, total_size). Idempotent for the same registration.
   * ABORTED after Abort/Revoke, DEADLINE_EXCEEDED after expiry.
   */
  CommitRegistration: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_CommitRegistrationRequest__Output,
    _tensorcast_global_store_v1_CommitRegistrationResponse
  >;

  /**
   * Client stream of coverage frames. Frames must lie inside [0, total_size), must not
   * overlap, must match the plan (chunk for coalesced/cpu, lease_segments for lease) and carry
   * the current epoch. Every accepted frame also extends the lease. A rejected frame fails the
   * whole call with a gRPC error; frames accepted before it stay accepted.
   */
  FeedRegistration: grpc.handleClientStreamingCall<
    _tensorcast_global_store_v1_FeedRegistrationRequest__Output,
    _tensorcast_global_store_v1_FeedRegistrationResponse
  >;

  /**
   * Extends the lease without feeding (memory only on the server, cheap to call often).
   */
  KeepaliveRegistration: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output,
    _tensorcast_global_store_v1_KeepaliveRegistrationResponse
  >;

  ListRegistrations: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_ListRegistrationsRequest__Output,
    _tensorcast_global_store_v1_ListRegistrationsResponse
  >;

  /**
   * Operator ends one registration or all open ones of a worker or daemon.
   */
  RevokeRegistration: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_RevokeRegistrationRequest__Output,
    _tensorcast_global_store_v1_RevokeRegistrationResponse
  >;
}

export interface RegistrationServiceDefinition extends grpc.ServiceDefinition {
  AbortRegistration: MethodDefinition<
    _tensorcast_global_store_v1_AbortRegistrationRequest,
    _tensorcast_global_store_v1_AbortRegistrationResponse,
    _tensorcast_global_store_v1_AbortRegistrationRequest__Output,
    _tensorcast_global_store_v1_AbortRegistrationResponse__Output
  >;
  BeginRegistration: MethodDefinition<
    _tensorcast_global_store_v1_BeginRegistrationRequest,
    _tensorcast_global_store_v1_BeginRegistrationResponse,
    _tensorcast_global_store_v1_BeginRegistrationRequest__Output,
    _tensorcast_global_store_v1_BeginRegistrationResponse__Output
  >;
  CommitRegistration: MethodDefinition<
    _tensorcast_global_store_v1_CommitRegistrationRequest,
    _tensorcast_global_store_v1_CommitRegistrationResponse,
    _tensorcast_global_store_v1_CommitRegistrationRequest__Output,
    _tensorcast_global_store_v1_CommitRegistrationResponse__Output
  >;
  FeedRegistration: MethodDefinition<
    _tensorcast_global_store_v1_FeedRegistrationRequest,
    _tensorcast_global_store_v1_FeedRegistrationResponse,
    _tensorcast_global_store_v1_FeedRegistrationRequest__Output,
    _tensorcast_global_store_v1_FeedRegistrationResponse__Output
  >;
  KeepaliveRegistration: MethodDefinition<
    _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
    _tensorcast_global_store_v1_KeepaliveRegistrationResponse,
    _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output,
    _tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output
  >;
  ListRegistrations: MethodDefinition<
    _tensorcast_global_store_v1_ListRegistrationsRequest,
    _tensorcast_global_store_v1_ListRegistrationsResponse,
    _tensorcast_global_store_v1_ListRegistrationsRequest__Output,
    _tensorcast_global_store_v1_ListRegistrationsResponse__Output
  >;
  RevokeRegistration: MethodDefinition<
    _tensorcast_global_store_v1_RevokeRegistrationRequest,
    _tensorcast_global_store_v1_RevokeRegistrationResponse,
    _tensorcast_global_store_v1_RevokeRegistrationRequest__Output,
    _tensorcast_global_store_v1_RevokeRegistrationResponse__Output
  >;
}
