import { Controller } from '@nestjs/common';
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { GrpcMethod, GrpcStreamCall } from '@nestjs/microservices';
import { parseUint64 } from '../../common/src';
import { timestampFromMs } from '../../grpc/src';
import type { wire } from '../../grpc/src';
import { serveFeedStream } from './feed-stream';
import { PlanKind } from './registration.entity';
import { answerKeepalive, toLease } from './registration-wire';
import { RegistrationCommitService } from './registration-commit.service';
import { CommitAnswer } from './registration-completion';
import { toFeedFrame } from './feed-frames';
import { RegistrationBeginService } from './registration-begin.service';
import { FeedResult, RegistrationFeedService } from './registration-feed.service';
import { RegistrationsService, RevokeTarget } from './registrations.service';

const SERVICE = 'RegistrationService';

const WIRE_PLAN: Record<PlanKind, wire.RegistrationPlanKind__Output> = {
  coalesced: 'REGISTRATION_PLAN_KIND_COALESCED',
  cpu: 'REGISTRATION_PLAN_KIND_CPU',
  lease: 'REGISTRATION_PLAN_KIND_LEASE',
};

function toFeedResponse(result: FeedResult): wire.FeedRegistrationResponse {
  return {
    accepted_bytes: String(result.acceptedBytes),
    accepted_segments: String(result.acceptedSegments),
    covered_bytes: String(result.coveredBytes),
    lease: result.lease ? toLease(result.lease) : null,
  };
}

function toCommitResponse(answer: CommitAnswer): wire.CommitRegistrationResponse {
  const d = answer.descriptor;
  return {
    descriptor: {
      artifact_id: d.artifactId,
      index_multihash: d.indexMultihash,
      data_multihash: d.dataMultihash,
      schema_version: d.schemaVersion,
      encoding: d.encoding,
      total_size: String(d.totalSize),
      id_kind: 'ARTIFACT_ID_KIND_MI2',
    },
    replica_id: answer.replicaId,
    existed: answer.existed,
  };
}

@Controller()
export class RegistrationsController {
  constructor(
    private readonly begins: RegistrationBeginService,
    private readonly feeds: RegistrationFeedService,
    private readonly registrations: RegistrationsService,
    private readonly commits: RegistrationCommitService,
  ) {}

  @GrpcMethod(SERVICE, 'BeginRegistration')
  async beginRegistration(
    request: wire.BeginRegistrationRequest__Output,
  ): Promise<wire.BeginRegistrationResponse> {
    const result = await this.begins.begin({
      workerId: request.worker_id,
      daemonId: request.daemon_id,
      ownerPid: request.owner_pid,
      deviceId: request.device_id,
      totalSize: parseUint64('total_size', request.total_size),
      ttlMs: request.ttl_ms,
      tensorIndexKey: request.index === 'tensor_index_key' ? request.tensor_index_key : undefined,
      tensorIndexData:
        request.index === 'tensor_index_data' ? request.tensor_index_data : undefined,
      encoding: request.encoding,
      schemaVersion: request.schema_version,
      plan: request.plan,
      planDetails: {
        remoteMemoryKey:
          request.coalesced?.remote_memory_key || request.cpu?.remote_memory_key || undefined,
        bufferAddress:
          request.coalesced && request.coalesced.buffer_address !== '0'
            ? request.coalesced.buffer_address
            : undefined,
      },
      clientRequestId: request.client_request_id,
    });
    return {
      registration_id: result.registrationId,
      lease: toLease(result.lease),
      plan_kind: WIRE_PLAN[result.plan],
      tensor_index_key: result.tensorIndexKey,
    };
  }

  /** Raw call + callback: see serveFeedStream for why not @GrpcStreamMethod. */
  @GrpcStreamCall(SERVICE, 'FeedRegistration')
  feedRegistration(
    call: ServerReadableStream<wire.FeedRegistrationRequest__Output, wire.FeedRegistrationResponse>,
    callback: sendUnaryData<wire.FeedRegistrationResponse>,
  ): void {
    serveFeedStream(
      call,
      callback,
      this.feeds.openFeed(),
      {
        accept: (session, frame) => this.feeds.acceptFrame(session, toFeedFrame(frame)),
        finish: (session) => this.feeds.finishFeed(session),
      },
      toFeedResponse,
    );
  }

  @GrpcMethod(SERVICE, 'KeepaliveRegistration')
  keepaliveRegistration(
    request: wire.KeepaliveRegistrationRequest__Output,
  ): Promise<wire.KeepaliveRegistrationResponse> {
    return answerKeepalive(this.registrations, request);
  }

  @GrpcMethod(SERVICE, 'CommitRegistration')
  async commitRegistration(
    request: wire.CommitRegistrationRequest__Output,
  ): Promise<wire.CommitRegistrationResponse> {
    return toCommitResponse(await this.commits.commit(request.registration_id, request.epoch));
  }

  @GrpcMethod(SERVICE, 'AbortRegistration')
  async abortRegistration(
    request: wire.AbortRegistrationRequest__Output,
  ): Promise<wire.AbortRegistrationResponse> {
    await this.registrations.abort(request.registration_id, request.reason);
    return {};
  }

  @GrpcMethod(SERVICE, 'RevokeRegistration')
  async revokeRegistration(
    request: wire.RevokeRegistrationRequest__Output,
  ): Promise<wire.RevokeRegistrationResponse> {
    const target: RevokeTarget =
      request.target === 'registration_id'
        ? { registrationId: request.registration_id ?? '' }
        : request.target === 'worker_id'
          ? { workerId: request.worker_id ?? '' }
          : request.target === 'daemon_id'
            ? { daemonId: request.daemon_id ?? '' }
            : {};
    return { revoked: await this.registrations.revoke(target, request.reason) };
  }

  @GrpcMethod(SERVICE, 'ListRegistrations')
  listRegistrations(
    request: wire.ListRegistrationsRequest__Output,
  ): wire.ListRegistrationsResponse {
    const open = this.registrations.list({
      daemonId: request.daemon_id,
      workerId: request.worker_id,
    });
    return {
      registrations: open.map(({ registration: r, lease }) => ({
        registration_id: r.id,
        worker_id: r.workerId,
        daemon_id: r.daemonId,
        owner_pid: r.ownerPid,
        plan_kind: WIRE_PLAN[r.plan],
        total_size: String(r.totalSize),
        covered_bytes: String(r.coverage.coveredBytes),
        epoch: String(r.epoch),
        expires_at: timestampFromMs(lease.expiresAt),
        state: 'REGISTRATION_STATE_OPEN',
        created_at: timestampFromMs(r.createdAt),
        tensor_index_key: r.tensorIndexKey,
        device_id: r.deviceId,
        lease_id: lease.leaseId,
        artifact_id: '',
        replica_id: '',
        end_reason: '',
      })),
    };
  }
}
