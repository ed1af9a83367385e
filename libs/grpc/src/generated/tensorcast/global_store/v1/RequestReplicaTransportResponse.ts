// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from '../../../tensorcast/common/v1/MemoryInfo';
import type {
  TransportRouteKind as _tensorcast_global_store_v1_TransportRouteKind,
  TransportRouteKind__Output as _tensorcast_global_store_v1_TransportRouteKind__Output,
} from '../../../tensorcast/global_store/v1/TransportRouteKind';
import type {
  ViewTransportMetadata as _tensorcast_global_store_v1_ViewTransportMetadata,
  ViewTransportMetadata__Output as _tensorcast_global_store_v1_ViewTransportMetadata__Output,
} from '../../../tensorcast/global_store/v1/ViewTransportMetadata';

export interface RequestReplicaTransportResponse {
  status?: _tensorcast_global_store_v1_Status;
  /**
   * The source replica; node_port is the owner's P2P port.
   */
  remote_memory_info?: _tensorcast_common_v1_MemoryInfo | null;
  transport_id?: string;
  route_kind?: _tensorcast_global_store_v1_TransportRouteKind;
  view_transport_metadata?: _tensorcast_global_store_v1_ViewTransportMetadata | null;
  /**
   * The source worker's gRPC port, 0 if unknown.
   */
  source_grpc_port?: number;
}

export interface RequestReplicaTransportResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  /**
   * The source replica; node_port is the owner's P2P port.
   */
  remote_memory_info: _tensorcast_common_v1_MemoryInfo__Output | null;
  transport_id: string;
  route_kind: _tensorcast_global_store_v1_TransportRouteKind__Output;
  view_transport_metadata: _tensorcast_global_store_v1_ViewTransportMetadata__Output | null;
  /**
   * The source worker's gRPC port, 0 if unknown.
   */
  source_grpc_port: number;
}
