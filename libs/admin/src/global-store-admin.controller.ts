import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../grpc/src';
import { AdminQueryService } from './admin-query.service';
import {
  artifactDetailToWire,
  artifactToWire,
  mappingToWire,
  registrationToWire,
  removalToWire,
  replicaToWire,
  statusToWire,
  tierFromWire,
  workerDetailToWire,
  workerStateFromWire,
  workerToWire,
} from './admin-wire';
import { WorkerRemovalService } from './worker-removal.service';

const SERVICE = 'GlobalStoreAdmin';

/** tcgs.admin.v1.GlobalStoreAdmin: translation only; the rules live in the services. */
@Controller()
export class GlobalStoreAdminController {
  constructor(
    private readonly queries: AdminQueryService,
    private readonly removal: WorkerRemovalService,
  ) {}

  @GrpcMethod(SERVICE, 'GetClusterStatus')
  async getClusterStatus(): Promise<wire.GetClusterStatusResponse> {
    return { status: statusToWire(await this.queries.status()) };
  }

  @GrpcMethod(SERVICE, 'ListWorkers')
  async listWorkers(request: wire.ListWorkersRequest__Output): Promise<wire.ListWorkersResponse> {
    const page = await this.queries.listWorkers(
      { state: workerStateFromWire(request.state), nodeId: request.node_id },
      { pageSize: request.page_size, pageToken: request.page_token },
    );
    return {
      workers: page.items.map(workerToWire),
      next_page_token: page.nextPageToken,
      total_size: String(page.totalSize),
    };
  }

  @GrpcMethod(SERVICE, 'GetWorker')
  async getWorker(request: wire.GetWorkerRequest__Output): Promise<wire.GetWorkerResponse> {
    return workerDetailToWire(await this.queries.getWorker(request.worker_id));
  }

  @GrpcMethod(SERVICE, 'RemoveWorker')
  async removeWorker(
    request: wire.RemoveWorkerRequest__Output,
    _metadata: Metadata,
    call: ServerUnaryCall<unknown, unknown>,
  ): Promise<wire.RemoveWorkerResponse> {
    const removal = await this.removal.removeWorker({
      workerId: request.worker_id,
      reason: request.reason,
      clusterToken: request.cluster_token,
      allowActive: request.allow_active,
      requestedBy: call.getPeer(),
    });
    return removalToWire(removal);
  }

  @GrpcMethod(SERVICE, 'ListReplicas')
  async listReplicas(
    request: wire.ListReplicasRequest__Output,
  ): Promise<wire.ListReplicasResponse> {
    const page = await this.queries.listReplicas(
      {
        artifactId: request.artifact_id,
        workerId: request.worker_id,
        nodeId: request.node_id,
        tier: tierFromWire(request.tier),
        available: request.available,
      },
      { pageSize: request.page_size, pageToken: request.page_token },
    );
    return {
      replicas: page.items.map(replicaToWire),
      next_page_token: page.nextPageToken,
      total_size: String(page.totalSize),
    };
  }

  @GrpcMethod(SERVICE, 'ListArtifacts')
  async listArtifacts(
    request: wire.ListArtifactsRequest__Output,
  ): Promise<wire.ListArtifactsResponse> {
    const page = await this.queries.listArtifacts({
      pageSize: request.page_size,
      pageToken: request.page_token,
    });
    return {
      artifacts: page.items.map(artifactToWire),
      next_page_token: page.nextPageToken,
      total_size: String(page.totalSize),
    };
  }

  @GrpcMethod(SERVICE, 'GetArtifact')
  async getArtifact(request: wire.GetArtifactRequest__Output): Promise<wire.GetArtifactResponse> {
    return artifactDetailToWire(await this.queries.getArtifact(request.artifact_id));
  }

  @GrpcMethod(SERVICE, 'ListOpenRegistrations')
  async listOpenRegistrations(
    request: wire.ListOpenRegistrationsRequest__Output,
  ): Promise<wire.ListOpenRegistrationsResponse> {
    const open = await this.queries.listRegistrations({
      workerId: request.worker_id,
      daemonId: request.daemon_id,
    });
    return { registrations: open.map(registrationToWire) };
  }

  @GrpcMethod(SERVICE, 'ResolveMapping')
  async resolveMapping(
    request: wire.ResolveMappingRequest__Output,
  ): Promise<wire.ResolveMappingResponse> {
    return mappingToWire(await this.queries.resolveMapping(request.key));
  }
}
