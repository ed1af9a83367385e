import type { MemoryTier } from '../../artifacts/src';

/**
 * The diff of ReconcileWorkerState rule 8 (behavior.md "Reconcile", compat), as a pure
 * function: what must be added, updated and removed to bring the server's replicas of one
 * worker in line with the daemon's inventory. No I/O, so every rule has a plain test.
 */

/** UNSPECIFIED is treated as SNAPSHOT by the service before it gets here. */
export type ReconcileKind = 'SNAPSHOT' | 'DELTA';

/** One inventory item, validated and normalised (see reconcile.inventory.ts). */
export interface DesiredReplica {
  /** Position in the request's inventory, for messages. */
  readonly index: number;
  readonly artifactId: string;
  /** The VIEW byte-space id, '' for canonical replicas. */
  readonly viewId: string;
  readonly nodeId: string;
  readonly nodeAddress: string;
  readonly nodePort: number;
  readonly memoryTier: MemoryTier;
  /** Forced to 0 unless GPU, as the replica table stores it. */
  readonly deviceId: number;
  readonly memorySize: number;
  readonly maxConcurrency: number;
  readonly available: boolean;
  /** Canonical form of memory_info.transport ('' when absent), for drift detection. */
  readonly transportKey: string;
  /** stats.registered_ts in epoch ms, when the daemon sent one. */
  readonly registeredAtMs: number | undefined;
  /** The MemoryInfo as sent (proto field names), stored for round-tripping. */
  readonly memoryInfo: Record<string, unknown>;
}

/** The columns of a stored replica the diff reads; ReplicaRecord satisfies it. */
export interface ServerReplica {
  readonly replicaId: string;
  readonly artifactId: string;
  readonly viewId: string;
  readonly nodeId: string;
  readonly nodeAddress: string;
  readonly nodePort: number;
  /** common.v1.MemoryType number: 1 RAM, 2 GPU, 3 DISK. */
  readonly memoryType: number;
  readonly deviceId: number;
  readonly memorySize: number;
  readonly available: boolean;
  readonly registeredAt: number;
  readonly memoryInfo: Record<string, unknown>;
}

/** The fields whose difference makes an UPDATE (compat: nothing else counts as drift). */
export type Drift = 'availability' | 'node_address' | 'node_port' | 'memory_size' | 'transport';

export interface ReplicaUpdate<S extends ServerReplica> {
  readonly current: S;
  readonly desired: DesiredReplica;
  readonly drift: readonly Drift[];
}

export interface ReconcilePlan<S extends ServerReplica> {
  readonly adds: DesiredReplica[];
  readonly updates: ReplicaUpdate<S>[];
  readonly removals: S[];
  /** Server extras kept because they were created after the snapshot began (they raced it). */
  readonly raced: S[];
  readonly unchanged: number;
  /** The oldest stats.registered_ts of the inventory, if any item carried one. */
  readonly raceThresholdMs: number | undefined;
}

const TIER_NUMBER: Record<MemoryTier, number> = { RAM: 1, GPU: 2, DISK: 3 };

/**
 * What identifies a replica for reconcile (compat): (artifact_id, view_id, node_id,
 * memory_type, device_id). Address and port are not part of it: a daemon that moved to a new
 * address reports the same replicas, which are updated rather than removed and re-added.
 */
export function reconcileKey(replica: {
  artifactId: string;
  viewId: string;
  nodeId: string;
  memoryType: number;
  deviceId: number;
}): string {
  const deviceId = replica.memoryType === TIER_NUMBER.GPU ? replica.deviceId : 0;
  return `${replica.artifactId}\u0000${replica.viewId}\u0000${replica.nodeId}\u0000${replica.memoryType}\u0000${deviceId}`;
}

export function desiredKey(replica: DesiredReplica): string {
  const deviceId = replica.memoryTier === 'GPU' ? replica.deviceId : 0;
  return `${replica.artifactId}\u0000${replica.viewId}\u0000${replica.nodeId}\u0000${TIER_NUMBER[replica.memoryTier]}\u0000${deviceId}`;
}

/**
 * Rule 8. SNAPSHOT: the inventory is the worker's whole state — missing replicas are added,
 * drifted ones updated, the server's extras removed, except extras created after the oldest
 * registered_ts in the inventory (they were registered while the daemon was assembling the
 * snapshot and are simply not in it). DELTA: the items are upserts only — nothing is ever
 * removed by a delta, empty or not; a daemon drops replicas by reporting them unavailable or
 * by sending a snapshot.
 */
export function planReconcile<S extends ServerReplica>(
  kind: ReconcileKind,
  desired: readonly DesiredReplica[],
  server: readonly S[],
): ReconcilePlan<S> {
  const planner = new Planner(kind, server);
  for (const item of desired) planner.match(item);
  return planner.finish();
}

/**
 * The same plan, computed `chunk` items at a time with `pause()` in between (the service
 * yields to the event loop there), so diffing a huge inventory does not hold up other
 * requests.
 */
export async function planReconcileInChunks<S extends ServerReplica>(
  kind: ReconcileKind,
  desired: readonly DesiredReplica[],
  server: readonly S[],
  pause: () => Promise<unknown>,
  chunk = 2000,
): Promise<ReconcilePlan<S>> {
  const planner = new Planner(kind, server);
  for (let i = 0; i < desired.length; i++) {
    if (i > 0 && i % chunk === 0) await pause();
    planner.match(desired[i]);
  }
  return planner.finish();
}

class Planner<S extends ServerReplica> {
  private readonly byKey = new Map<string, S[]>();
  private readonly matched = new Set<S>();
  private readonly adds: DesiredReplica[] = [];
  private readonly updates: ReplicaUpdate<S>[] = [];
  private unchanged = 0;
  private raceThresholdMs: number | undefined;

  constructor(
    private readonly kind: ReconcileKind,
    private readonly server: readonly S[],
  ) {
    for (const replica of server) {
      const key = reconcileKey(replica);
      const group = this.byKey.get(key);
      if (group) group.push(replica);
      else this.byKey.set(key, [replica]);
    }
  }

  match(item: DesiredReplica): void {
    if (item.registeredAtMs !== undefined) {
      this.raceThresholdMs = Math.min(this.raceThresholdMs ?? Infinity, item.registeredAtMs);
    }
    const group = this.byKey.get(desiredKey(item));
    if (!group) {
      this.adds.push(item);
      return;
    }
    const current = counterpartOf(item, group);
    this.matched.add(current);
    const drift = driftBetween(current, item);
    if (drift.length === 0) this.unchanged += 1;
    else this.updates.push({ current, desired: item, drift });
  }

  finish(): ReconcilePlan<S> {
    const { adds, updates, unchanged, raceThresholdMs } = this;
    const removals: S[] = [];
    const raced: S[] = [];
    if (this.kind === 'SNAPSHOT') {
      for (const replica of this.server) {
        if (this.matched.has(replica)) continue;
        if (raceThresholdMs !== undefined && replica.registeredAt > raceThresholdMs) {
          raced.push(replica);
        } else {
          removals.push(replica);
        }
      }
    }
    return { adds, updates, removals, raced, unchanged, raceThresholdMs };
  }
}

/**
 * Several server rows can share a reconcile key when they differ only in address or port
 * (the replica table's identity includes both). The one at the reported address is the
 * counterpart; failing that, the oldest. The others are extras like any other.
 */
function counterpartOf<S extends ServerReplica>(item: DesiredReplica, group: readonly S[]): S {
  if (group.length === 1) return group[0];
  const exact = group.find(
    (r) => r.nodeAddress === item.nodeAddress && r.nodePort === item.nodePort,
  );
  if (exact) return exact;
  return [...group].sort(
    (a, b) => a.registeredAt - b.registeredAt || (a.replicaId < b.replicaId ? -1 : 1),
  )[0];
}

export function driftBetween(current: ServerReplica, desired: DesiredReplica): Drift[] {
  const drift: Drift[] = [];
  if (current.available !== desired.available) drift.push('availability');
  if (current.nodeAddress !== desired.nodeAddress) drift.push('node_address');
  if (current.nodePort !== desired.nodePort) drift.push('node_port');
  if (current.memorySize !== desired.memorySize) drift.push('memory_size');
  if (transportKey(current.memoryInfo.transport) !== desired.transportKey) drift.push('transport');
  return drift;
}

/** An UPDATE that changes address or port changes the replica table's identity. */
export function relocates(update: ReplicaUpdate<ServerReplica>): boolean {
  return update.drift.includes('node_address') || update.drift.includes('node_port');
}

/** "availability false → true, node_port 5000 → 5001": the reason sent with an UPDATE. */
export function describeDrift(update: ReplicaUpdate<ServerReplica>): string {
  const { current, desired } = update;
  const parts = update.drift.map((field): string => {
    switch (field) {
      case 'availability':
        return `availability ${current.available} → ${desired.available}`;
      case 'node_address':
        return `node_address ${current.nodeAddress} → ${desired.nodeAddress}`;
      case 'node_port':
        return `node_port ${current.nodePort} → ${desired.nodePort}`;
      case 'memory_size':
        return `memory_size ${current.memorySize} → ${desired.memorySize}`;
      case 'transport':
        return 'transport metadata changed';
    }
  });
  return parts.join(', ');
}

const EXPORT_STATES = [
  'EXPORT_STATE_UNSPECIFIED',
  'EXPORT_STATE_PRESENCE_ONLY',
  'EXPORT_STATE_EXPORTABLE',
  'EXPORT_STATE_DRAINING',
];

/**
 * A canonical string for a ReplicaTransportMetadata, whatever shape it was stored in
 * (enum as name or number, uint64 as string or number, defaults present or not), so a
 * replica re-reported unchanged never counts as drifted.
 */
export function transportKey(transport: unknown): string {
  if (transport === null || transport === undefined || typeof transport !== 'object') return '';
  const t = transport as Record<string, unknown>;
  const scalar = (value: unknown, fallback: string): string =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
      ? String(value)
      : fallback;
  const state = t.export_state;
  const exportState =
    typeof state === 'number'
      ? (EXPORT_STATES[state] ?? String(state))
      : scalar(state, EXPORT_STATES[0]);
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? value.map((v) => scalar(v, '')) : [];
  return JSON.stringify([
    exportState,
    scalar(t.export_generation, '0'),
    list(t.remote_memory_keys),
    list(t.buffer_sizes),
    typeof t.verification_json === 'string' ? t.verification_json : '',
  ]);
}
