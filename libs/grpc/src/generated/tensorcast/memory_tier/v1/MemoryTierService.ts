// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  AcknowledgeMemoryTierLeaseRequest as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
  AcknowledgeMemoryTierLeaseRequest__Output as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest__Output,
} from '../../../tensorcast/memory_tier/v1/AcknowledgeMemoryTierLeaseRequest';
import type {
  AcknowledgeMemoryTierLeaseResponse as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse,
  AcknowledgeMemoryTierLeaseResponse__Output as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output,
} from '../../../tensorcast/memory_tier/v1/AcknowledgeMemoryTierLeaseResponse';
import type {
  ListMemoryTierStatusesRequest as _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
  ListMemoryTierStatusesRequest__Output as _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest__Output,
} from '../../../tensorcast/memory_tier/v1/ListMemoryTierStatusesRequest';
import type {
  ListMemoryTierStatusesResponse as _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse,
  ListMemoryTierStatusesResponse__Output as _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output,
} from '../../../tensorcast/memory_tier/v1/ListMemoryTierStatusesResponse';
import type {
  ListOutstandingLeasesRequest as _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
  ListOutstandingLeasesRequest__Output as _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest__Output,
} from '../../../tensorcast/memory_tier/v1/ListOutstandingLeasesRequest';
import type {
  ListOutstandingLeasesResponse as _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse,
  ListOutstandingLeasesResponse__Output as _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output,
} from '../../../tensorcast/memory_tier/v1/ListOutstandingLeasesResponse';
import type {
  PublishMemoryTierStatusRequest as _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
  PublishMemoryTierStatusRequest__Output as _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest__Output,
} from '../../../tensorcast/memory_tier/v1/PublishMemoryTierStatusRequest';
import type {
  PublishMemoryTierStatusResponse as _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse,
  PublishMemoryTierStatusResponse__Output as _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output,
} from '../../../tensorcast/memory_tier/v1/PublishMemoryTierStatusResponse';
import type {
  RequestMemoryTierLeaseRequest as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
  RequestMemoryTierLeaseRequest__Output as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest__Output,
} from '../../../tensorcast/memory_tier/v1/RequestMemoryTierLeaseRequest';
import type {
  RequestMemoryTierLeaseResponse as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse,
  RequestMemoryTierLeaseResponse__Output as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output,
} from '../../../tensorcast/memory_tier/v1/RequestMemoryTierLeaseResponse';
import type {
  RevokeMemoryTierLeaseRequest as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
  RevokeMemoryTierLeaseRequest__Output as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest__Output,
} from '../../../tensorcast/memory_tier/v1/RevokeMemoryTierLeaseRequest';
import type {
  RevokeMemoryTierLeaseResponse as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse,
  RevokeMemoryTierLeaseResponse__Output as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output,
} from '../../../tensorcast/memory_tier/v1/RevokeMemoryTierLeaseResponse';

export interface MemoryTierServiceClient extends grpc.Client {
  /**
   * ACQUIRED makes a lease ACTIVE, RELEASED makes it EXPIRED; the acknowledged chunks,
   * range, ledger_version, bytes and request_id are recorded on the lease.
   */
  AcknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  AcknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  AcknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  AcknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * ACQUIRED makes a lease ACTIVE, RELEASED makes it EXPIRED; the acknowledged chunks,
   * range, ledger_version, bytes and request_id are recorded on the lease.
   */
  acknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledgeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * The newest snapshot of each node (or of node_id only).
   */
  ListMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * The newest snapshot of each node (or of node_id only).
   */
  listMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listMemoryTierStatuses(
    argument: _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * A node's leases in the given states (none given: PENDING, ACTIVE and REVOKING), newest
   * first. An empty node_id lists every node's.
   */
  ListOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * A node's leases in the given states (none given: PENDING, ACTIVE and REVOKING), newest
   * first. An empty node_id lists every node's.
   */
  listOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listOutstandingLeases(
    argument: _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Daemon: each heartbeat while memory tiers are on. Snapshots are keyed (node_id,
   * epoch_ns); a repeat replaces the snapshot. The server keeps, per node, the snapshots within
   * memory_tier.snapshot_retention of the newest and at most memory_tier.snapshot_max_rows.
   */
  PublishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  PublishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  PublishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  PublishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Daemon: each heartbeat while memory tiers are on. Snapshots are keyed (node_id,
   * epoch_ns); a repeat replaces the snapshot. The server keeps, per node, the snapshots within
   * memory_tier.snapshot_retention of the newest and at most memory_tier.snapshot_max_rows.
   */
  publishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  publishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  publishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  publishMemoryTierStatus(
    argument: _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Creates a PENDING lease, or returns the one already known for (node_id, request_id), or,
   * without request_id, an equal PENDING lease. No capacity or node check is made.
   */
  RequestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  RequestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  RequestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  RequestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Creates a PENDING lease, or returns the one already known for (node_id, request_id), or,
   * without request_id, an equal PENDING lease. No capacity or node check is made.
   */
  requestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Asks the owner to give the lease back (REVOKING); it answers with RELEASED.
   */
  RevokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Asks the owner to give the lease back (REVOKING); it answers with RELEASED.
   */
  revokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeMemoryTierLease(
    argument: _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    callback: grpc.requestCallback<_tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface MemoryTierServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * ACQUIRED makes a lease ACTIVE, RELEASED makes it EXPIRED; the acknowledged chunks,
   * range, ledger_version, bytes and request_id are recorded on the lease.
   */
  AcknowledgeMemoryTierLease: grpc.handleUnaryCall<
    _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest__Output,
    _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse
  >;

  /**
   * The newest snapshot of each node (or of node_id only).
   */
  ListMemoryTierStatuses: grpc.handleUnaryCall<
    _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest__Output,
    _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse
  >;

  /**
   * A node's leases in the given states (none given: PENDING, ACTIVE and REVOKING), newest
   * first. An empty node_id lists every node's.
   */
  ListOutstandingLeases: grpc.handleUnaryCall<
    _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest__Output,
    _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse
  >;

  /**
   * Daemon: each heartbeat while memory tiers are on. Snapshots are keyed (node_id,
   * epoch_ns); a repeat replaces the snapshot. The server keeps, per node, the snapshots within
   * memory_tier.snapshot_retention of the newest and at most memory_tier.snapshot_max_rows.
   */
  PublishMemoryTierStatus: grpc.handleUnaryCall<
    _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest__Output,
    _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse
  >;

  /**
   * Creates a PENDING lease, or returns the one already known for (node_id, request_id), or,
   * without request_id, an equal PENDING lease. No capacity or node check is made.
   */
  RequestMemoryTierLease: grpc.handleUnaryCall<
    _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest__Output,
    _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse
  >;

  /**
   * Asks the owner to give the lease back (REVOKING); it answers with RELEASED.
   */
  RevokeMemoryTierLease: grpc.handleUnaryCall<
    _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest__Output,
    _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse
  >;
}

export interface MemoryTierServiceDefinition extends grpc.ServiceDefinition {
  AcknowledgeMemoryTierLease: MethodDefinition<
    _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
    _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse,
    _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest__Output,
    _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output
  >;
  ListMemoryTierStatuses: MethodDefinition<
    _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
    _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse,
    _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest__Output,
    _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output
  >;
  ListOutstandingLeases: MethodDefinition<
    _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
    _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse,
    _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest__Output,
    _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output
  >;
  PublishMemoryTierStatus: MethodDefinition<
    _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
    _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse,
    _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest__Output,
    _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output
  >;
  RequestMemoryTierLease: MethodDefinition<
    _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
    _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse,
    _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest__Output,
    _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output
  >;
  RevokeMemoryTierLease: MethodDefinition<
    _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
    _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse,
    _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest__Output,
    _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output
  >;
}
