import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from './google/protobuf/Timestamp';
import type {
  Artifact as _tcgs_admin_v1_Artifact,
  Artifact__Output as _tcgs_admin_v1_Artifact__Output,
} from './tcgs/admin/v1/Artifact';
import type {
  ClusterStatus as _tcgs_admin_v1_ClusterStatus,
  ClusterStatus__Output as _tcgs_admin_v1_ClusterStatus__Output,
} from './tcgs/admin/v1/ClusterStatus';
import type {
  DatabaseStatus as _tcgs_admin_v1_DatabaseStatus,
  DatabaseStatus__Output as _tcgs_admin_v1_DatabaseStatus__Output,
} from './tcgs/admin/v1/DatabaseStatus';
import type {
  GetArtifactRequest as _tcgs_admin_v1_GetArtifactRequest,
  GetArtifactRequest__Output as _tcgs_admin_v1_GetArtifactRequest__Output,
} from './tcgs/admin/v1/GetArtifactRequest';
import type {
  GetArtifactResponse as _tcgs_admin_v1_GetArtifactResponse,
  GetArtifactResponse__Output as _tcgs_admin_v1_GetArtifactResponse__Output,
} from './tcgs/admin/v1/GetArtifactResponse';
import type {
  GetClusterStatusRequest as _tcgs_admin_v1_GetClusterStatusRequest,
  GetClusterStatusRequest__Output as _tcgs_admin_v1_GetClusterStatusRequest__Output,
} from './tcgs/admin/v1/GetClusterStatusRequest';
import type {
  GetClusterStatusResponse as _tcgs_admin_v1_GetClusterStatusResponse,
  GetClusterStatusResponse__Output as _tcgs_admin_v1_GetClusterStatusResponse__Output,
} from './tcgs/admin/v1/GetClusterStatusResponse';
import type {
  GetWorkerRequest as _tcgs_admin_v1_GetWorkerRequest,
  GetWorkerRequest__Output as _tcgs_admin_v1_GetWorkerRequest__Output,
} from './tcgs/admin/v1/GetWorkerRequest';
import type {
  GetWorkerResponse as _tcgs_admin_v1_GetWorkerResponse,
  GetWorkerResponse__Output as _tcgs_admin_v1_GetWorkerResponse__Output,
} from './tcgs/admin/v1/GetWorkerResponse';
import type {
  GlobalStoreAdminClient as _tcgs_admin_v1_GlobalStoreAdminClient,
  GlobalStoreAdminDefinition as _tcgs_admin_v1_GlobalStoreAdminDefinition,
} from './tcgs/admin/v1/GlobalStoreAdmin';
import type {
  KeyMapping as _tcgs_admin_v1_KeyMapping,
  KeyMapping__Output as _tcgs_admin_v1_KeyMapping__Output,
} from './tcgs/admin/v1/KeyMapping';
import type {
  Leadership as _tcgs_admin_v1_Leadership,
  Leadership__Output as _tcgs_admin_v1_Leadership__Output,
} from './tcgs/admin/v1/Leadership';
import type {
  ListArtifactsRequest as _tcgs_admin_v1_ListArtifactsRequest,
  ListArtifactsRequest__Output as _tcgs_admin_v1_ListArtifactsRequest__Output,
} from './tcgs/admin/v1/ListArtifactsRequest';
import type {
  ListArtifactsResponse as _tcgs_admin_v1_ListArtifactsResponse,
  ListArtifactsResponse__Output as _tcgs_admin_v1_ListArtifactsResponse__Output,
} from './tcgs/admin/v1/ListArtifactsResponse';
import type {
  ListOpenRegistrationsRequest as _tcgs_admin_v1_ListOpenRegistrationsRequest,
  ListOpenRegistrationsRequest__Output as _tcgs_admin_v1_ListOpenRegistrationsRequest__Output,
} from './tcgs/admin/v1/ListOpenRegistrationsRequest';
import type {
  ListOpenRegistrationsResponse as _tcgs_admin_v1_ListOpenRegistrationsResponse,
  ListOpenRegistrationsResponse__Output as _tcgs_admin_v1_ListOpenRegistrationsResponse__Output,
} from './tcgs/admin/v1/ListOpenRegistrationsResponse';
import type {
  ListReplicasRequest as _tcgs_admin_v1_ListReplicasRequest,
  ListReplicasRequest__Output as _tcgs_admin_v1_ListReplicasRequest__Output,
} from './tcgs/admin/v1/ListReplicasRequest';
import type {
  ListReplicasResponse as _tcgs_admin_v1_ListReplicasResponse,
  ListReplicasResponse__Output as _tcgs_admin_v1_ListReplicasResponse__Output,
} from './tcgs/admin/v1/ListReplicasResponse';
import type {
  ListWorkersRequest as _tcgs_admin_v1_ListWorkersRequest,
  ListWorkersRequest__Output as _tcgs_admin_v1_ListWorkersRequest__Output,
} from './tcgs/admin/v1/ListWorkersRequest';
import type {
  ListWorkersResponse as _tcgs_admin_v1_ListWorkersResponse,
  ListWorkersResponse__Output as _tcgs_admin_v1_ListWorkersResponse__Output,
} from './tcgs/admin/v1/ListWorkersResponse';
import type {
  Registration as _tcgs_admin_v1_Registration,
  Registration__Output as _tcgs_admin_v1_Registration__Output,
} from './tcgs/admin/v1/Registration';
import type {
  RemoveWorkerRequest as _tcgs_admin_v1_RemoveWorkerRequest,
  RemoveWorkerRequest__Output as _tcgs_admin_v1_RemoveWorkerRequest__Output,
} from './tcgs/admin/v1/RemoveWorkerRequest';
import type {
  RemoveWorkerResponse as _tcgs_admin_v1_RemoveWorkerResponse,
  RemoveWorkerResponse__Output as _tcgs_admin_v1_RemoveWorkerResponse__Output,
} from './tcgs/admin/v1/RemoveWorkerResponse';
import type {
  Replica as _tcgs_admin_v1_Replica,
  Replica__Output as _tcgs_admin_v1_Replica__Output,
} from './tcgs/admin/v1/Replica';
import type {
  ReplicaTierCount as _tcgs_admin_v1_ReplicaTierCount,
  ReplicaTierCount__Output as _tcgs_admin_v1_ReplicaTierCount__Output,
} from './tcgs/admin/v1/ReplicaTierCount';
import type {
  ResolveMappingRequest as _tcgs_admin_v1_ResolveMappingRequest,
  ResolveMappingRequest__Output as _tcgs_admin_v1_ResolveMappingRequest__Output,
} from './tcgs/admin/v1/ResolveMappingRequest';
import type {
  ResolveMappingResponse as _tcgs_admin_v1_ResolveMappingResponse,
  ResolveMappingResponse__Output as _tcgs_admin_v1_ResolveMappingResponse__Output,
} from './tcgs/admin/v1/ResolveMappingResponse';
import type {
  Worker as _tcgs_admin_v1_Worker,
  Worker__Output as _tcgs_admin_v1_Worker__Output,
} from './tcgs/admin/v1/Worker';
import type {
  WorkerStateCount as _tcgs_admin_v1_WorkerStateCount,
  WorkerStateCount__Output as _tcgs_admin_v1_WorkerStateCount__Output,
} from './tcgs/admin/v1/WorkerStateCount';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<
        _google_protobuf_Timestamp,
        _google_protobuf_Timestamp__Output
      >;
    };
  };
  tcgs: {
    admin: {
      v1: {
        Artifact: MessageTypeDefinition<_tcgs_admin_v1_Artifact, _tcgs_admin_v1_Artifact__Output>;
        ClusterStatus: MessageTypeDefinition<
          _tcgs_admin_v1_ClusterStatus,
          _tcgs_admin_v1_ClusterStatus__Output
        >;
        DatabaseStatus: MessageTypeDefinition<
          _tcgs_admin_v1_DatabaseStatus,
          _tcgs_admin_v1_DatabaseStatus__Output
        >;
        GetArtifactRequest: MessageTypeDefinition<
          _tcgs_admin_v1_GetArtifactRequest,
          _tcgs_admin_v1_GetArtifactRequest__Output
        >;
        GetArtifactResponse: MessageTypeDefinition<
          _tcgs_admin_v1_GetArtifactResponse,
          _tcgs_admin_v1_GetArtifactResponse__Output
        >;
        GetClusterStatusRequest: MessageTypeDefinition<
          _tcgs_admin_v1_GetClusterStatusRequest,
          _tcgs_admin_v1_GetClusterStatusRequest__Output
        >;
        GetClusterStatusResponse: MessageTypeDefinition<
          _tcgs_admin_v1_GetClusterStatusResponse,
          _tcgs_admin_v1_GetClusterStatusResponse__Output
        >;
        GetWorkerRequest: MessageTypeDefinition<
          _tcgs_admin_v1_GetWorkerRequest,
          _tcgs_admin_v1_GetWorkerRequest__Output
        >;
        GetWorkerResponse: MessageTypeDefinition<
          _tcgs_admin_v1_GetWorkerResponse,
          _tcgs_admin_v1_GetWorkerResponse__Output
        >;
        GlobalStoreAdmin: SubtypeConstructor<
          typeof grpc.Client,
          _tcgs_admin_v1_GlobalStoreAdminClient
        > & { service: _tcgs_admin_v1_GlobalStoreAdminDefinition };
        KeyMapping: MessageTypeDefinition<
          _tcgs_admin_v1_KeyMapping,
          _tcgs_admin_v1_KeyMapping__Output
        >;
        Leadership: MessageTypeDefinition<
          _tcgs_admin_v1_Leadership,
          _tcgs_admin_v1_Leadership__Output
        >;
        LeadershipRole: EnumTypeDefinition;
        ListArtifactsRequest: MessageTypeDefinition<
          _tcgs_admin_v1_ListArtifactsRequest,
          _tcgs_admin_v1_ListArtifactsRequest__Output
        >;
        ListArtifactsResponse: MessageTypeDefinition<
          _tcgs_admin_v1_ListArtifactsResponse,
          _tcgs_admin_v1_ListArtifactsResponse__Output
        >;
        ListOpenRegistrationsRequest: MessageTypeDefinition<
          _tcgs_admin_v1_ListOpenRegistrationsRequest,
          _tcgs_admin_v1_ListOpenRegistrationsRequest__Output
        >;
        ListOpenRegistrationsResponse: MessageTypeDefinition<
          _tcgs_admin_v1_ListOpenRegistrationsResponse,
          _tcgs_admin_v1_ListOpenRegistrationsResponse__Output
        >;
        ListReplicasRequest: MessageTypeDefinition<
          _tcgs_admin_v1_ListReplicasRequest,
          _tcgs_admin_v1_ListReplicasRequest__Output
        >;
        ListReplicasResponse: MessageTypeDefinition<
          _tcgs_admin_v1_ListReplicasResponse,
          _tcgs_admin_v1_ListReplicasResponse__Output
        >;
        ListWorkersRequest: MessageTypeDefinition<
          _tcgs_admin_v1_ListWorkersRequest,
          _tcgs_admin_v1_ListWorkersRequest__Output
        >;
        ListWorkersResponse: MessageTypeDefinition<
          _tcgs_admin_v1_ListWorkersResponse,
          _tcgs_admin_v1_ListWorkersResponse__Output
        >;
        Registration: MessageTypeDefinition<
          _tcgs_admin_v1_Registration,
          _tcgs_admin_v1_Registration__Output
        >;
        RemoveWorkerRequest: MessageTypeDefinition<
          _tcgs_admin_v1_RemoveWorkerRequest,
          _tcgs_admin_v1_RemoveWorkerRequest__Output
        >;
        RemoveWorkerResponse: MessageTypeDefinition<
          _tcgs_admin_v1_RemoveWorkerResponse,
          _tcgs_admin_v1_RemoveWorkerResponse__Output
        >;
        Replica: MessageTypeDefinition<_tcgs_admin_v1_Replica, _tcgs_admin_v1_Replica__Output>;
        ReplicaTier: EnumTypeDefinition;
        ReplicaTierCount: MessageTypeDefinition<
          _tcgs_admin_v1_ReplicaTierCount,
          _tcgs_admin_v1_ReplicaTierCount__Output
        >;
        ResolveMappingRequest: MessageTypeDefinition<
          _tcgs_admin_v1_ResolveMappingRequest,
          _tcgs_admin_v1_ResolveMappingRequest__Output
        >;
        ResolveMappingResponse: MessageTypeDefinition<
          _tcgs_admin_v1_ResolveMappingResponse,
          _tcgs_admin_v1_ResolveMappingResponse__Output
        >;
        ServingState: EnumTypeDefinition;
        Worker: MessageTypeDefinition<_tcgs_admin_v1_Worker, _tcgs_admin_v1_Worker__Output>;
        WorkerState: EnumTypeDefinition;
        WorkerStateCount: MessageTypeDefinition<
          _tcgs_admin_v1_WorkerStateCount,
          _tcgs_admin_v1_WorkerStateCount__Output
        >;
      };
    };
  };
}
