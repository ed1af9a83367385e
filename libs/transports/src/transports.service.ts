import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
  requirePort,
} from '../../common/src';
import { CommittedReads } from '../../persistence/src';
import { CompleteResult, GrantedResponse, TransportLedger } from './transport-ledger';
import { RequestTransportResult, TransportQueue } from './transport-queue';
import { latestTransportOf } from './transport-records';
import {
  SchedulingGroup,
  TransportPayload,
  WireGroup,
  endedUnsuccessfully,
  groupKeyOf,
  parseOutcome,
  parseRequestedView,
  parseSchedulingGroup,
  parseUuid,
  parseWaitMs,
  payloadFingerprint,
} from './transport-rules';
import { TransportsMetrics } from './transports.metrics';

export type { CompleteResult, GrantedResponse, RequestTransportResult };

export interface RequestTransportInput {
  artifactId: string;
  waitTimeout: { seconds?: string | number; nanos?: number } | null | undefined;
  sourceNodeId: string;
  sourceAddress: string;
  sourcePort: number;
  requestedByteSpace: { kind?: string | number; id?: string } | null | undefined;
  schedulingGroup: WireGroup | null | undefined;
  requesterWorkerId: string;
  requestId: string;
  /** The caller went away: leave the queue. */
  signal?: AbortSignal;
}

/**
 * RequestReplicaTransport and CompleteReplicaTransport: the request parsed, a known
 * request_id replayed, its scheduling group checked, then a wait in TransportQueue for a
 * grant; a completion ends the transport in TransportLedger, which releases its slot once.
 * Expiry and retention are TransportSweeps', QueryTransportWindow TransportWindowService's.
 */
@Injectable()
export class TransportsService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: CommittedReads,
    private readonly ledger: TransportLedger,
    private readonly queue: TransportQueue,
    private readonly metrics: TransportsMetrics,
  ) {
    metrics.countWith(
      () => ledger.inProgressCount,
      () => queue.queuedCount,
    );
  }

  /** Startup: in-flight transports keep their slots (TransportLedger.recover). */
  recover(): Promise<{ inProgress: number }> {
    return this.ledger.recover();
  }

  // ---- RequestReplicaTransport ----

  async requestTransport(input: RequestTransportInput): Promise<RequestTransportResult> {
    const payload: TransportPayload = {
      artifactId: requireNonEmpty('artifact_id', input.artifactId),
      viewId: parseRequestedView(input.requestedByteSpace),
      sourceNodeId: requireNonEmpty('source_node_id', input.sourceNodeId),
      sourceAddress: requireNonEmpty('source_address', input.sourceAddress),
      sourcePort: requirePort('source_port', input.sourcePort),
      requesterWorkerId: optionalString('requester_worker_id', input.requesterWorkerId),
      group: parseSchedulingGroup(input.schedulingGroup),
    };
    const waitMs = parseWaitMs(input.waitTimeout);
    const requestId = optionalString('request_id', input.requestId);
    const fingerprint = payloadFingerprint(payload);

    if (requestId !== '') {
      const replay = await this.replayOf(requestId, fingerprint);
      if (replay) {
        this.metrics.requests.inc({ result: 'replayed' });
        return { kind: 'replayed', response: replay };
      }
    }
    this.queue.checkRequester(payload.requesterWorkerId);
    const groupKey = payload.group ? this.checkGroup(payload, payload.group, requestId) : undefined;

    if (!this.queue.canServe(payload)) {
      this.metrics.requests.inc({ result: 'not_found' });
      return { kind: 'not_found' };
    }

    const started = this.clock.now();
    const result = await this.queue.wait({
      payload,
      fingerprint,
      requestId,
      groupKey,
      waitMs,
      signal: input.signal,
    });
    if (result instanceof Error) throw result;
    this.metrics.requests.inc({ result: result.kind });
    if (result.kind === 'granted')
      this.metrics.waitSeconds.observe((this.clock.now() - started) / 1000);
    return result;
  }

  /** The answer a known request_id replays, if it should; a changed payload is refused. */
  private async replayOf(
    requestId: string,
    fingerprint: string,
  ): Promise<GrantedResponse | undefined> {
    const active = this.ledger.activeByRequest(requestId);
    // Committed rows only: the write connection could show a grant of an open group that
    // then rolls back, and a replay of it would name a transport that never existed.
    const latest =
      active ?? (await this.reads.runStatement((manager) => latestTransportOf(manager, requestId)));
    if (!latest) {
      if (this.queue.queuedWithOtherPayload(requestId, fingerprint)) {
        throw reusedRequestId(requestId);
      }
      return undefined;
    }
    if (latest.fingerprint !== fingerprint) throw reusedRequestId(requestId);
    if (
      'status' in latest &&
      latest.status === 'completed' &&
      endedUnsuccessfully(latest.outcome)
    ) {
      return undefined;
    }
    return latest.response;
  }

  /** One (kind, id, epoch) is one load: same artifact, view and size; one request per part. */
  private checkGroup(payload: TransportPayload, group: SchedulingGroup, requestId: string): string {
    const key = groupKeyOf(group);
    const known = this.ledger.group(key);
    if (known) {
      if (
        known.artifactId !== payload.artifactId ||
        known.viewId !== payload.viewId ||
        known.totalParts !== group.totalParts
      ) {
        throw new InvalidArgumentError(
          'scheduling_group',
          `group ${group.kind}/${group.id} epoch ${group.epoch} is already a load of ` +
            `${known.artifactId}${known.viewId ? ` view ${known.viewId}` : ''} in ` +
            `${known.totalParts} parts`,
        );
      }
      const owner = known.parts.get(group.partId);
      if (owner !== undefined && owner !== requestId) {
        throw new InvalidArgumentError(
          'scheduling_group.part_id',
          `part ${group.partId} of group ${group.kind}/${group.id} belongs to another request_id`,
        );
      }
    }
    const state = this.ledger.groupFor(
      key,
      payload.artifactId,
      payload.viewId,
      group.totalParts,
      this.clock.now(),
    );
    state.parts.set(group.partId, requestId);
    return key;
  }

  // ---- CompleteReplicaTransport ----

  async completeTransport(
    transportIdInput: string,
    outcomeInput: unknown,
    detailInput: string,
  ): Promise<CompleteResult> {
    const transportId = parseUuid('transport_id', transportIdInput);
    const outcome = parseOutcome(outcomeInput);
    const detail = optionalString('outcome_detail', detailInput);
    return this.ledger.complete(transportId, outcome, detail);
  }
}

function reusedRequestId(requestId: string): InvalidArgumentError {
  return new InvalidArgumentError(
    'request_id',
    `"${requestId}" was already used with another payload (artifact, view, source, requester or group)`,
  );
}
