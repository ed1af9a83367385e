// Original file: proto/tcgs/registrations/v1/keepalive.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  KeepaliveStreamRequest as _tcgs_registrations_v1_KeepaliveStreamRequest,
  KeepaliveStreamRequest__Output as _tcgs_registrations_v1_KeepaliveStreamRequest__Output,
} from '../../../tcgs/registrations/v1/KeepaliveStreamRequest';
import type {
  KeepaliveStreamResponse as _tcgs_registrations_v1_KeepaliveStreamResponse,
  KeepaliveStreamResponse__Output as _tcgs_registrations_v1_KeepaliveStreamResponse__Output,
} from '../../../tcgs/registrations/v1/KeepaliveStreamResponse';

export interface RegistrationKeepaliveClient extends grpc.Client {
  KeepaliveStream(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<
    _tcgs_registrations_v1_KeepaliveStreamRequest,
    _tcgs_registrations_v1_KeepaliveStreamResponse__Output
  >;
  KeepaliveStream(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<
    _tcgs_registrations_v1_KeepaliveStreamRequest,
    _tcgs_registrations_v1_KeepaliveStreamResponse__Output
  >;
  keepaliveStream(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<
    _tcgs_registrations_v1_KeepaliveStreamRequest,
    _tcgs_registrations_v1_KeepaliveStreamResponse__Output
  >;
  keepaliveStream(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<
    _tcgs_registrations_v1_KeepaliveStreamRequest,
    _tcgs_registrations_v1_KeepaliveStreamResponse__Output
  >;
}

export interface RegistrationKeepaliveHandlers extends grpc.UntypedServiceImplementation {
  KeepaliveStream: grpc.handleBidiStreamingCall<
    _tcgs_registrations_v1_KeepaliveStreamRequest__Output,
    _tcgs_registrations_v1_KeepaliveStreamResponse
  >;
}

export interface RegistrationKeepaliveDefinition extends grpc.ServiceDefinition {
  KeepaliveStream: MethodDefinition<
    _tcgs_registrations_v1_KeepaliveStreamRequest,
    _tcgs_registrations_v1_KeepaliveStreamResponse,
    _tcgs_registrations_v1_KeepaliveStreamRequest__Output,
    _tcgs_registrations_v1_KeepaliveStreamResponse__Output
  >;
}
