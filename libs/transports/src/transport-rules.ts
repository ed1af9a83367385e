import { createHash } from 'node:crypto';
import { InvalidArgumentError, parseUint64, requireNonEmpty } from '../../common/src';
import { RankedReplica, compareForReads } from '../../artifacts/src';
import type { TransportOutcome } from './transport.entity';

/**
 * The pure rules of replica transport: request validation, the request fingerprint, source
 * ranking, the fair queue order and the expiry threshold. The service applies them to live
 * state; tests exercise them directly.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseUuid(field: string, value: string | undefined): string {
  const id = requireNonEmpty(field, value).toLowerCase();
  if (!UUID.test(id)) throw new InvalidArgumentError(field, `"${value}" is not a UUID`);
  return id;
}

/** Longest wait a request may ask for; a daemon's own deadline is wait + 1 s. */
export const MAX_WAIT_MS = 300_000;

export interface SchedulingGroup {
  kind: string;
  id: string;
  partId: string;
  totalParts: number;
  priority: number;
  epoch: number;
}

export function groupKeyOf(group: Pick<SchedulingGroup, 'kind' | 'id' | 'epoch'>): string {
  return `${group.kind}\0${group.id}\0${group.epoch}`;
}

export interface WireGroup {
  group_id?: string;
  group_kind?: string;
  total_parts?: number;
  part_id?: string;
  priority?: number;
  epoch?: string | number;
}

/** An absent scheduling_group is fine; a present one must name group, kind, part and size. */
export function parseSchedulingGroup(
  group: WireGroup | null | undefined,
): SchedulingGroup | undefined {
  if (!group) return undefined;
  const blank = (v: string | undefined) => (v ?? '').trim() === '';
  if (blank(group.group_id))
    throw new InvalidArgumentError('scheduling_group.group_id', 'is required');
  if (blank(group.group_kind)) {
    throw new InvalidArgumentError('scheduling_group.group_kind', 'is required');
  }
  if (blank(group.part_id))
    throw new InvalidArgumentError('scheduling_group.part_id', 'is required');
  if (!((group.total_parts ?? 0) > 0)) {
    throw new InvalidArgumentError('scheduling_group.total_parts', 'must be greater than 0');
  }
  return {
    id: requireNonEmpty('scheduling_group.group_id', group.group_id),
    kind: requireNonEmpty('scheduling_group.group_kind', group.group_kind),
    partId: requireNonEmpty('scheduling_group.part_id', group.part_id),
    totalParts: group.total_parts ?? 0,
    priority: group.priority ?? 0,
    epoch: parseUint64('scheduling_group.epoch', group.epoch),
  };
}

/**
 * requested_byte_space: absent, UNSPECIFIED or CANONICAL → the canonical bytes (''); VIEW →
 * its id, which must be given; any other kind is refused.
 */
export function parseRequestedView(
  byteSpace: { kind?: string | number; id?: string } | null | undefined,
): string {
  if (!byteSpace) return '';
  const kind = String(byteSpace.kind ?? 'BYTE_SPACE_KIND_UNSPECIFIED');
  if (['BYTE_SPACE_KIND_UNSPECIFIED', '0', 'BYTE_SPACE_KIND_CANONICAL', '1'].includes(kind)) {
    return '';
  }
  if (kind === 'BYTE_SPACE_KIND_VIEW' || kind === '2') {
    return requireNonEmpty('requested_byte_space.id', byteSpace.id);
  }
  throw new InvalidArgumentError('requested_byte_space.kind', `unknown ByteSpaceKind ${kind}`);
}

/** google.protobuf.Duration → milliseconds; unset = 0 (one look and one retry). */
export function parseWaitMs(
  duration: { seconds?: string | number; nanos?: number } | null | undefined,
): number {
  if (!duration) return 0;
  const seconds = Number(duration.seconds ?? 0);
  const nanos = Number(duration.nanos ?? 0);
  if (!Number.isFinite(seconds) || seconds < 0 || nanos < 0) {
    throw new InvalidArgumentError('wait_timeout_dur', 'must not be negative');
  }
  return Math.min(MAX_WAIT_MS, seconds * 1000 + Math.floor(nanos / 1e6));
}

/** What a request_id is bound to: a reuse must carry the same payload. */
export interface TransportPayload {
  artifactId: string;
  viewId: string;
  sourceNodeId: string;
  sourceAddress: string;
  sourcePort: number;
  requesterWorkerId: string;
  group: SchedulingGroup | undefined;
}

export function payloadFingerprint(payload: TransportPayload): string {
  const g = payload.group;
  return createHash('sha256')
    .update(
      JSON.stringify([
        payload.artifactId,
        payload.viewId,
        payload.sourceNodeId,
        payload.sourceAddress,
        payload.sourcePort,
        payload.requesterWorkerId,
        g ? [g.kind, g.id, g.epoch, g.partId, g.totalParts, g.priority] : null,
      ]),
    )
    .digest('hex');
}

const OUTCOMES: Record<string, TransportOutcome> = {
  TRANSPORT_COMPLETION_OUTCOME_UNSPECIFIED: '',
  TRANSPORT_COMPLETION_OUTCOME_SUCCESS: 'success',
  TRANSPORT_COMPLETION_OUTCOME_FAILED: 'failed',
  TRANSPORT_COMPLETION_OUTCOME_EXPIRED: 'expired',
  TRANSPORT_COMPLETION_OUTCOME_CANCELLED: 'cancelled',
  '0': '',
  '1': 'success',
  '2': 'failed',
  '3': 'expired',
  '4': 'cancelled',
};

/** UNSPECIFIED (older daemons) is accepted and recorded as ''. */
export function parseOutcome(value: unknown): TransportOutcome {
  const key = typeof value === 'string' || typeof value === 'number' ? String(value) : '0';
  const outcome = OUTCOMES[key];
  if (outcome === undefined) {
    throw new InvalidArgumentError(
      'outcome',
      `unknown TransportCompletionOutcome ${String(value)}`,
    );
  }
  return outcome;
}

/** A replay is refused only when the transport ended in one of these (the daemon retries). */
export function endedUnsuccessfully(outcome: TransportOutcome): boolean {
  return outcome === 'failed' || outcome === 'expired' || outcome === 'cancelled';
}

/** In progress longer than this → EXPIRED: max(60 s, 10 × cleanup_interval). */
export function expiryThresholdMs(cleanupIntervalMs: number): number {
  return Math.max(60_000, 10 * cleanupIntervalMs);
}

export type RouteKind = 'CANONICAL' | 'RESIDENT_VIEW' | 'DERIVED_VIEW_FROM_CANONICAL';

/** How a replica would serve a request for viewId ('' = canonical); undefined = it cannot. */
export function routeFor(replicaViewId: string, requestedViewId: string): RouteKind | undefined {
  if (requestedViewId === '') return replicaViewId === '' ? 'CANONICAL' : undefined;
  if (replicaViewId === requestedViewId) return 'RESIDENT_VIEW';
  return replicaViewId === '' ? 'DERIVED_VIEW_FROM_CANONICAL' : undefined;
}

const ROUTE_RANK: Record<RouteKind, number> = {
  RESIDENT_VIEW: 0,
  CANONICAL: 0,
  DERIVED_VIEW_FROM_CANONICAL: 1,
};

export interface RoutedCandidate {
  replica: RankedReplica;
  route: RouteKind;
}

/**
 * Source order: a replica already holding the view before deriving it from canonical
 * bytes, then GPU > RAM > DISK, then least loaded (current_requests / max_concurrency),
 * then the oldest.
 */
export function compareSources(a: RoutedCandidate, b: RoutedCandidate): number {
  return ROUTE_RANK[a.route] - ROUTE_RANK[b.route] || compareForReads(a.replica, b.replica);
}

interface TransportBlock {
  export_state?: string | number;
  remote_memory_keys?: string[];
  buffer_sizes?: (string | number)[];
}

/**
 * A replica a peer can actually pull: its daemon exported it (EXPORTABLE), and it names
 * the memory keys to read with buffer sizes that pair up and cover the replica.
 */
export function isExportable(memoryInfo: Record<string, unknown>, memorySize: number): boolean {
  const transport = memoryInfo.transport as TransportBlock | null | undefined;
  if (!transport) return false;
  const state = String(transport.export_state ?? '');
  if (state !== 'EXPORT_STATE_EXPORTABLE' && state !== '2') return false;
  const ownKeys = transport.remote_memory_keys ?? [];
  const keys = ownKeys.length > 0 ? ownKeys : ((memoryInfo.remote_memory_keys as string[]) ?? []);
  const sizes =
    ownKeys.length > 0
      ? (transport.buffer_sizes ?? [])
      : ((memoryInfo.buffer_sizes as (string | number)[]) ?? []);
  if (keys.length === 0 || keys.length !== sizes.length) return false;
  return sizes.reduce<number>((sum, size) => sum + Number(size), 0) === memorySize;
}

/** What the fair queue knows about a waiting request. */
export interface QueuedRequest {
  groupKey: string | undefined;
  priority: number;
  enqueuedAt: number;
  seq: number;
}

export interface GroupProgress {
  inProgress: number;
  succeeded: number;
  totalParts: number;
}

/**
 * Queue order: starving groups (nothing in progress) first, then lagging ones (the least
 * share of parts done, SUCCESS only), then higher priority, then the oldest. A request
 * without a group is a group of one of its own.
 */
export function compareQueued(
  a: QueuedRequest,
  b: QueuedRequest,
  progressOf: (groupKey: string) => GroupProgress | undefined,
): number {
  const pa = a.groupKey === undefined ? undefined : progressOf(a.groupKey);
  const pb = b.groupKey === undefined ? undefined : progressOf(b.groupKey);
  const starvingA = !pa || pa.inProgress === 0 ? 0 : 1;
  const starvingB = !pb || pb.inProgress === 0 ? 0 : 1;
  const doneA = pa && pa.totalParts > 0 ? pa.succeeded / pa.totalParts : 0;
  const doneB = pb && pb.totalParts > 0 ? pb.succeeded / pb.totalParts : 0;
  return (
    starvingA - starvingB ||
    doneA - doneB ||
    b.priority - a.priority ||
    a.enqueuedAt - b.enqueuedAt ||
    a.seq - b.seq
  );
}
