import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../grpc/src';
import { LeaseKindName, LeaseStateName, MemoryTierLeaseEntity } from './memory-tier-lease.entity';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';
import { MemoryTierStatusesService } from './memory-tier-statuses.service';
import { MemoryTierService } from './memory-tier.service';

const SERVICE = 'MemoryTierService';

const WIRE_KIND: Record<LeaseKindName, wire.LeaseKind__Output> = {
  STABLE: 'LEASE_KIND_STABLE',
  PREEMPTIBLE: 'LEASE_KIND_PREEMPTIBLE',
};

const WIRE_STATE: Record<LeaseStateName, wire.LeaseState__Output> = {
  PENDING: 'LEASE_STATE_PENDING',
  ACTIVE: 'LEASE_STATE_ACTIVE',
  REVOKING: 'LEASE_STATE_REVOKING',
  EXPIRED: 'LEASE_STATE_EXPIRED',
};

function toLease(lease: MemoryTierLeaseEntity): wire.MemoryTierLease {
  return {
    lease_id: lease.leaseId,
    node_id: lease.nodeId,
    kind: WIRE_KIND[lease.kind],
    artifact_id: lease.artifactId,
    chunk_range:
      lease.chunkRangeStart === null
        ? null
        : { start: lease.chunkRangeStart, count: lease.chunkRangeCount ?? 0 },
    chunk_ids: lease.chunkIds,
    ledger_version: lease.ledgerVersion,
    bytes: lease.bytes,
    workload_id: lease.workloadId,
    state: WIRE_STATE[lease.state],
    request_id: lease.requestId,
    ack_epoch_ns: lease.ackEpochNs.toString(),
    issued_at_ns: lease.issuedAtNs.toString(),
    expires_at_ns: lease.expiresAtNs.toString(),
  };
}

function toStatus(status: MemoryTierStatusEntity): wire.MemoryTierStatus {
  return {
    node_id: status.nodeId,
    worker_id: status.workerId,
    stable_total_bytes: status.stableTotalBytes,
    stable_used_bytes: status.stableUsedBytes,
    preemptible_total_bytes: status.preemptibleTotalBytes,
    preemptible_marked_bytes: status.preemptibleMarkedBytes,
    faults_per_sec: status.faultsPerSec,
    rehydrate_p99_ns: status.rehydrateP99Ns,
    enable_preemptible: status.enablePreemptible,
    memory_tier_config_json: status.configJson,
    epoch_ns: status.epochNs.toString(),
  };
}

@Controller()
export class MemoryTierController {
  constructor(
    private readonly leases: MemoryTierService,
    private readonly statuses: MemoryTierStatusesService,
  ) {}

  @GrpcMethod(SERVICE, 'PublishMemoryTierStatus')
  publishMemoryTierStatus(
    request: wire.PublishMemoryTierStatusRequest__Output,
  ): wire.PublishMemoryTierStatusResponse {
    const s = request.status;
    this.statuses.publish(
      s && {
        nodeId: s.node_id,
        workerId: s.worker_id,
        stableTotalBytes: s.stable_total_bytes,
        stableUsedBytes: s.stable_used_bytes,
        preemptibleTotalBytes: s.preemptible_total_bytes,
        preemptibleMarkedBytes: s.preemptible_marked_bytes,
        faultsPerSec: s.faults_per_sec,
        rehydrateP99Ns: s.rehydrate_p99_ns,
        enablePreemptible: s.enable_preemptible,
        configJson: s.memory_tier_config_json,
        epochNs: s.epoch_ns,
      },
    );
    return {};
  }

  @GrpcMethod(SERVICE, 'RequestMemoryTierLease')
  async requestMemoryTierLease(
    request: wire.RequestMemoryTierLeaseRequest__Output,
  ): Promise<wire.RequestMemoryTierLeaseResponse> {
    const lease = await this.leases.requestLease({
      nodeId: request.node_id,
      kind: request.kind,
      artifactId: request.artifact_id,
      chunkRange: request.chunk_range,
      chunkIds: request.chunk_ids,
      ledgerVersion: request.ledger_version,
      bytes: request.bytes,
      workloadId: request.workload_id,
      requestId: request.request_id,
      issuedAtNs: request.issued_at_ns,
    });
    return { lease: toLease(lease) };
  }

  @GrpcMethod(SERVICE, 'AcknowledgeMemoryTierLease')
  async acknowledgeMemoryTierLease(
    request: wire.AcknowledgeMemoryTierLeaseRequest__Output,
  ): Promise<wire.AcknowledgeMemoryTierLeaseResponse> {
    const lease = await this.leases.acknowledgeLease({
      leaseId: request.lease_id,
      nodeId: request.node_id,
      action: request.action,
      chunkIds: request.chunk_ids,
      chunkRange: request.chunk_range,
      ledgerVersion: request.ledger_version,
      bytes: request.bytes,
      requestId: request.request_id,
      ackEpochNs: request.ack_epoch_ns,
      artifactId: request.artifact_id,
    });
    return { lease: toLease(lease) };
  }

  @GrpcMethod(SERVICE, 'RevokeMemoryTierLease')
  async revokeMemoryTierLease(
    request: wire.RevokeMemoryTierLeaseRequest__Output,
  ): Promise<wire.RevokeMemoryTierLeaseResponse> {
    return { lease: toLease(await this.leases.revokeLease(request.lease_id, request.reason)) };
  }

  @GrpcMethod(SERVICE, 'ListOutstandingLeases')
  listOutstandingLeases(
    request: wire.ListOutstandingLeasesRequest__Output,
  ): wire.ListOutstandingLeasesResponse {
    return { leases: this.leases.listLeases(request.node_id, request.states).map(toLease) };
  }

  @GrpcMethod(SERVICE, 'ListMemoryTierStatuses')
  listMemoryTierStatuses(
    request: wire.ListMemoryTierStatusesRequest__Output,
  ): wire.ListMemoryTierStatusesResponse {
    return { statuses: this.statuses.list(request.node_id).map(toStatus) };
  }
}
