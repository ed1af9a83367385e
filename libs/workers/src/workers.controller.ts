import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../grpc/src';
import { parseUint64 } from '../../common/src';
import { timestampFromMs } from '../../grpc/src';
import { WorkersService } from './workers.service';

const SERVICE = 'ClusterRuntimeService';

@Controller()
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @GrpcMethod(SERVICE, 'RegisterWorker')
  async registerWorker(
    request: wire.RegisterWorkerRequest__Output,
  ): Promise<wire.RegisterWorkerResponse> {
    const result = await this.workers.registerWorker({
      nodeId: request.node_id,
      nodeAddress: request.node_address,
      grpcPort: request.grpc_port,
      p2pPort: request.p2p_port,
      memPoolTotalSize: parseUint64('mem_pool_total_size', request.mem_pool_total_size),
      memPoolAvailableSize: parseUint64('mem_pool_available_size', request.mem_pool_available_size),
      isRecoveryRegistration: request.is_recovery_registration,
      previousWorkerId: request.previous_worker_id,
      daemonId: request.daemon_id,
      capabilityFlags: parseUint64('capability_flags', request.capability_flags),
    });
    return {
      status: 'STATUS_OK',
      worker_id: result.workerId,
      heartbeat_interval_ms: result.heartbeatIntervalMs,
      state_sync_required: result.stateSyncRequired,
      expected_state_version: String(result.expectedStateVersion),
      reconcile_generation: String(result.reconcileGeneration),
    };
  }

  @GrpcMethod(SERVICE, 'WorkerHeartbeat')
  workerHeartbeat(request: wire.WorkerHeartbeatRequest__Output): wire.WorkerHeartbeatResponse {
    const result = this.workers.heartbeat({
      workerId: request.worker_id,
      memPoolAvailableSize: parseUint64('mem_pool_available_size', request.mem_pool_available_size),
      acceptingNewRequests: request.accepting_new_requests,
      stateVersion: parseUint64('state_version', request.state_version),
      stateChecksum: request.state_checksum,
      registeredArtifactIds: request.registered_artifact_ids,
      capabilityFlags:
        request.capability_flags === undefined
          ? undefined
          : parseUint64('capability_flags', request.capability_flags),
    });
    if (!result.found) return { status: 'STATUS_NOT_FOUND' };
    return {
      status: 'STATUS_OK',
      state_sync_required: result.stateSyncRequired,
      expected_state_version: String(result.expectedStateVersion),
      obsolete_replicas: result.obsoleteReplicas,
      server_timestamp_ts: timestampFromMs(result.serverTimeMs),
    };
  }

  @GrpcMethod(SERVICE, 'UnregisterWorker')
  async unregisterWorker(
    request: wire.UnregisterWorkerRequest__Output,
  ): Promise<wire.UnregisterWorkerResponse> {
    const found = await this.workers.unregisterWorker(request.worker_id, request.client_request_id);
    return { status: found ? 'STATUS_OK' : 'STATUS_NOT_FOUND' };
  }

  @GrpcMethod(SERVICE, 'ListActiveWorkers')
  listActiveWorkers(
    request: wire.ListActiveWorkersRequest__Output,
  ): wire.ListActiveWorkersResponse {
    const views = this.workers.listActiveWorkers(
      request.include_unavailable,
      parseUint64('required_capability_flags', request.required_capability_flags),
    );
    return {
      workers: views.map(({ worker, connection }) => ({
        worker_id: worker.workerId,
        node_id: worker.nodeId,
        node_address: worker.nodeAddress,
        grpc_port: worker.grpcPort,
        p2p_port: worker.p2pPort,
        mem_pool_total_size: String(worker.memPoolTotalSize),
        mem_pool_available_size: String(worker.memPoolAvailableSize),
        accepting_new_requests: worker.acceptingNewRequests,
        last_heartbeat_ts: timestampFromMs(worker.lastHeartbeatAt),
        state_version: String(worker.stateVersion),
        status: `CONNECTION_STATUS_${connection}`,
        daemon_id: worker.daemonId,
        capability_flags: String(worker.capabilityFlags),
      })),
    };
  }
}
