import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { Metadata } from '@grpc/grpc-js';
import type { wire } from '../../grpc/src';
import { msFromTimestamp, timestampFromMs } from '../../grpc/src';
import { ReplicaDrainService } from './replica-drain.service';
import { TransportWindowService } from './transport-window.service';
import { TransportsService } from './transports.service';

const SERVICE = 'ClusterRuntimeService';

/** The call's deadline in epoch ms, when the client set one. */
function deadlineOf(call: ServerUnaryCall<unknown, unknown> | undefined): number | undefined {
  const deadline = call?.getDeadline();
  if (deadline === undefined) return undefined;
  const ms = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Aborts when the client cancels the call (or its deadline passes). */
function signalOf(call: ServerUnaryCall<unknown, unknown> | undefined): AbortSignal | undefined {
  if (!call) return undefined;
  const controller = new AbortController();
  call.once('cancelled', () => controller.abort());
  return controller.signal;
}

/** ClusterRuntimeService's drain and replica transport methods. */
@Controller()
export class TransportsController {
  constructor(
    private readonly transports: TransportsService,
    private readonly windows: TransportWindowService,
    private readonly drains: ReplicaDrainService,
  ) {}

  @GrpcMethod(SERVICE, 'WaitReplicaDrain')
  async waitReplicaDrain(
    request: wire.WaitReplicaDrainRequest__Output,
    _metadata: Metadata,
    call: ServerUnaryCall<unknown, unknown>,
  ): Promise<wire.WaitReplicaDrainResponse> {
    const result = await this.drains.waitForDrain({
      replicaId: request.replica_id,
      timeoutMs: request.timeout_ms,
      deadlineMs: deadlineOf(call),
    });
    if (!result.found) return { status: 'STATUS_NOT_FOUND', drained: false, current_requests: 0 };
    return {
      status: result.drained ? 'STATUS_OK' : 'STATUS_TIMED_OUT',
      drained: result.drained,
      current_requests: result.currentRequests,
      oldest_transport_age_ms:
        result.oldestTransportAgeMs === undefined ? undefined : String(result.oldestTransportAgeMs),
    };
  }

  @GrpcMethod(SERVICE, 'RequestReplicaTransport')
  async requestReplicaTransport(
    request: wire.RequestReplicaTransportRequest__Output,
    _metadata: Metadata,
    call: ServerUnaryCall<unknown, unknown>,
  ): Promise<wire.RequestReplicaTransportResponse> {
    const result = await this.transports.requestTransport({
      artifactId: request.artifact_id,
      waitTimeout: request.wait_timeout_dur,
      sourceNodeId: request.source_node_id,
      sourceAddress: request.source_address,
      sourcePort: request.source_port,
      requestedByteSpace: request.requested_byte_space,
      schedulingGroup: request.scheduling_group,
      requesterWorkerId: request.requester_worker_id,
      requestId: request.request_id,
      signal: signalOf(call),
    });
    switch (result.kind) {
      case 'granted':
      case 'replayed':
        return result.response;
      case 'not_found':
        return { status: 'STATUS_NOT_FOUND' };
      case 'timed_out':
        return { status: 'STATUS_TIMED_OUT' };
    }
  }

  @GrpcMethod(SERVICE, 'CompleteReplicaTransport')
  async completeReplicaTransport(
    request: wire.CompleteReplicaTransportRequest__Output,
  ): Promise<wire.CompleteReplicaTransportResponse> {
    const result = await this.transports.completeTransport(
      request.transport_id,
      request.outcome,
      request.outcome_detail,
    );
    return { status: result === 'not_found' ? 'STATUS_NOT_FOUND' : 'STATUS_OK' };
  }

  @GrpcMethod(SERVICE, 'QueryTransportWindow')
  async queryTransportWindow(
    request: wire.QueryTransportWindowRequest__Output,
  ): Promise<wire.QueryTransportWindowResponse> {
    const rows = await this.windows.queryWindow({
      startMs: msFromTimestamp(request.created_at_start),
      endMs: msFromTimestamp(request.created_at_end),
      limit: request.limit,
    });
    return {
      status: 'STATUS_OK',
      rows: rows.map((row) => ({
        transport_id: row.transportId,
        replica_id: row.replicaId,
        artifact_id: row.artifactId,
        status: row.status,
        completion_outcome: row.outcome,
        request_id: row.requestId,
        requester_worker_id: row.requesterWorkerId,
        group_id: row.groupId,
        group_kind: row.groupKind,
        group_part_id: row.groupPartId,
        group_total_parts: row.groupTotalParts,
        created_at: timestampFromMs(row.createdAt),
        completed_at: row.completedAt === null ? null : timestampFromMs(row.completedAt),
        replica_memory_size_bytes: String(row.replicaMemorySize),
      })),
    };
  }
}
