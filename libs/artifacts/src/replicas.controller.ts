import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../grpc/src';
import { ReplicaListingService } from './replica-listing.service';
import { ReplicaRegistrationService } from './replica-registration.service';
import { toMemoryInfoWire } from './replica-wire';
import { ReplicasService } from './replicas.service';

const SERVICE = 'ClusterRuntimeService';

/** The replica methods of ClusterRuntimeService (the worker methods live in WorkersController). */
@Controller()
export class ReplicasController {
  constructor(
    private readonly registration: ReplicaRegistrationService,
    private readonly replicas: ReplicasService,
    private readonly listing: ReplicaListingService,
  ) {}

  @GrpcMethod(SERVICE, 'RegisterReplica')
  async registerReplica(
    request: wire.RegisterReplicaRequest__Output,
  ): Promise<wire.RegisterReplicaResponse> {
    const result = await this.registration.registerReplica({
      artifactId: request.artifact_id,
      memInfo: request.mem_info,
      maxConcurrency: request.max_concurrency,
      workerId: request.worker_id,
      tensorIndexData: request.tensor_index_data,
      encoding: request.encoding,
      schemaVersion: request.schema_version,
      diskPath: request.disk_path,
      descriptor: request.descriptor,
      clientRequestId: request.client_request_id,
    });
    return { status: 'STATUS_OK', artifact_id: result.artifactId, replica_id: result.replicaId };
  }

  @GrpcMethod(SERVICE, 'UpdateReplica')
  async updateReplica(
    request: wire.UpdateReplicaRequest__Output,
  ): Promise<wire.UpdateReplicaResponse> {
    const ref = await this.replicas.updateReplica(request.artifact_id, request.replica_id);
    if (!ref) return { status: 'STATUS_NOT_FOUND' };
    return { status: 'STATUS_OK', artifact_id: ref.artifactId, replica_id: ref.replicaId };
  }

  @GrpcMethod(SERVICE, 'UnregisterReplica')
  async unregisterReplica(
    request: wire.UnregisterReplicaRequest__Output,
  ): Promise<wire.UnregisterReplicaResponse> {
    const found = await this.replicas.unregisterReplica(request.artifact_id, request.replica_id);
    return { status: found ? 'STATUS_OK' : 'STATUS_NOT_FOUND' };
  }

  @GrpcMethod(SERVICE, 'UnregisterReplicaByWorker')
  async unregisterReplicaByWorker(
    request: wire.UnregisterReplicaByWorkerRequest__Output,
  ): Promise<wire.UnregisterReplicaByWorkerResponse> {
    const found = await this.replicas.unregisterReplicaByWorker({
      artifactId: request.artifact_id,
      workerId: request.worker_id,
      memoryType: request.memory_type,
      deviceId: request.device_id,
    });
    return { status: found ? 'STATUS_OK' : 'STATUS_NOT_FOUND' };
  }

  @GrpcMethod(SERVICE, 'MarkReplicaUnavailable')
  async markReplicaUnavailable(
    request: wire.MarkReplicaUnavailableRequest__Output,
  ): Promise<wire.MarkReplicaUnavailableResponse> {
    const result = await this.replicas.markReplicaUnavailable(
      request.artifact_id,
      request.replica_id,
      request.reason,
    );
    return { status: result.found ? 'STATUS_OK' : 'STATUS_NOT_FOUND', updated: result.updated };
  }

  @GrpcMethod(SERVICE, 'ListReplicasV2')
  async listReplicasV2(
    request: wire.ListReplicasV2Request__Output,
  ): Promise<wire.ListReplicasV2Response> {
    const page = await this.listing.listReplicas({
      nodeId: request.node_id,
      nodeAddress: request.node_address,
      memoryType: request.memory_type,
      deviceId: request.device_id,
      artifactId: request.artifact_id,
      pageSize: request.pagination?.page_size,
      pageToken: request.pagination?.page_token,
    });
    return {
      replicas: page.replicas.map((replica) => ({
        artifact_id: replica.artifactId,
        memory_info: toMemoryInfoWire(replica),
      })),
      page_info: { next_page_token: page.nextPageToken, total_size: page.totalSize },
    };
  }

  @GrpcMethod(SERVICE, 'BatchGetReplicaCounts')
  async batchGetReplicaCounts(
    request: wire.BatchGetReplicaCountsRequest__Output,
  ): Promise<wire.BatchGetReplicaCountsResponse> {
    const counts = await this.listing.batchGetReplicaCounts(request.artifact_ids);
    return {
      status: 'STATUS_OK',
      counts: counts.map((c) => ({
        artifact_id: c.artifactId,
        replica_count: c.replicaCount,
        available_count: c.availableCount,
      })),
    };
  }
}
