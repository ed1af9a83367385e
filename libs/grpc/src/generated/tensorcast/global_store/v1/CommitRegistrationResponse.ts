// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  ArtifactDescriptor as _tensorcast_common_v1_ArtifactDescriptor,
  ArtifactDescriptor__Output as _tensorcast_common_v1_ArtifactDescriptor__Output,
} from '../../../tensorcast/common/v1/ArtifactDescriptor';

export interface CommitRegistrationResponse {
  /**
   * artifact_id = mi2:<index_multihash>:<data_multihash>, where the data multihash is the
   * sha2-256 Merkle root over the fed digests in offset order.
   */
  descriptor?: _tensorcast_common_v1_ArtifactDescriptor | null;
  replica_id?: string;
  /**
   * The worker already had this replica (or this is a repeated Commit).
   */
  existed?: boolean;
}

export interface CommitRegistrationResponse__Output {
  /**
   * artifact_id = mi2:<index_multihash>:<data_multihash>, where the data multihash is the
   * sha2-256 Merkle root over the fed digests in offset order.
   */
  descriptor: _tensorcast_common_v1_ArtifactDescriptor__Output | null;
  replica_id: string;
  /**
   * The worker already had this replica (or this is a repeated Commit).
   */
  existed: boolean;
}
