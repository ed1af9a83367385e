// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  CoalescedPlan as _tensorcast_global_store_v1_CoalescedPlan,
  CoalescedPlan__Output as _tensorcast_global_store_v1_CoalescedPlan__Output,
} from '../../../tensorcast/global_store/v1/CoalescedPlan';
import type {
  CpuPlan as _tensorcast_global_store_v1_CpuPlan,
  CpuPlan__Output as _tensorcast_global_store_v1_CpuPlan__Output,
} from '../../../tensorcast/global_store/v1/CpuPlan';
import type {
  LeasePlan as _tensorcast_global_store_v1_LeasePlan,
  LeasePlan__Output as _tensorcast_global_store_v1_LeasePlan__Output,
} from '../../../tensorcast/global_store/v1/LeasePlan';
import type { Long } from '@grpc/proto-loader';

export interface BeginRegistrationRequest {
  worker_id?: string;
  /**
   * Must own worker_id.
   */
  daemon_id?: string;
  /**
   * Process that holds the lease; Keepalive from another pid is PERMISSION_DENIED.
   */
  owner_pid?: number;
  device_id?: number;
  /**
   * Artifact size in bytes; coverage must reach exactly [0, total_size).
   */
  total_size?: number | string | Long;
  /**
   * 0 = the server's registrations.default_ttl.
   */
  ttl_ms?: number;
  /**
   * sha256 hex of a canonical tensor index the server already stores.
   */
  tensor_index_key?: string;
  /**
   * The canonical tensor index itself; stored, and its sha256 becomes the key.
   */
  tensor_index_data?: Buffer | Uint8Array | string;
  coalesced?: _tensorcast_global_store_v1_CoalescedPlan | null;
  cpu?: _tensorcast_global_store_v1_CpuPlan | null;
  lease?: _tensorcast_global_store_v1_LeasePlan | null;
  /**
   * A retried Begin with the same id returns the first answer instead of a second lease.
   */
  client_request_id?: string;
  /**
   * Describe tensor_index_data (as in ArtifactDescriptor); ignored with tensor_index_key.
   */
  encoding?: string;
  schema_version?: string;
  index?: 'tensor_index_key' | 'tensor_index_data';
  plan?: 'coalesced' | 'cpu' | 'lease';
  _client_request_id?: 'client_request_id';
  _encoding?: 'encoding';
  _schema_version?: 'schema_version';
}

export interface BeginRegistrationRequest__Output {
  worker_id: string;
  /**
   * Must own worker_id.
   */
  daemon_id: string;
  /**
   * Process that holds the lease; Keepalive from another pid is PERMISSION_DENIED.
   */
  owner_pid: number;
  device_id: number;
  /**
   * Artifact size in bytes; coverage must reach exactly [0, total_size).
   */
  total_size: string;
  /**
   * 0 = the server's registrations.default_ttl.
   */
  ttl_ms: number;
  /**
   * sha256 hex of a canonical tensor index the server already stores.
   */
  tensor_index_key?: string;
  /**
   * The canonical tensor index itself; stored, and its sha256 becomes the key.
   */
  tensor_index_data?: Buffer;
  coalesced?: _tensorcast_global_store_v1_CoalescedPlan__Output | null;
  cpu?: _tensorcast_global_store_v1_CpuPlan__Output | null;
  lease?: _tensorcast_global_store_v1_LeasePlan__Output | null;
  /**
   * A retried Begin with the same id returns the first answer instead of a second lease.
   */
  client_request_id?: string;
  /**
   * Describe tensor_index_data (as in ArtifactDescriptor); ignored with tensor_index_key.
   */
  encoding?: string;
  schema_version?: string;
  index?: 'tensor_index_key' | 'tensor_index_data';
  plan?: 'coalesced' | 'cpu' | 'lease';
  _client_request_id?: 'client_request_id';
  _encoding?: 'encoding';
  _schema_version?: 'schema_version';
}
