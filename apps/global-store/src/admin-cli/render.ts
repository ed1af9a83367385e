import { dump } from 'js-yaml';
import type {
  ArtifactDetail,
  ArtifactSummary,
  ClusterStatus,
  MappingResolution,
  RegistrationSummary,
  ReplicaSummary,
  WorkerDetail,
  WorkerRemoval,
  WorkerSummary,
} from '../../../../libs/admin/src/offline';
import { WORKER_STATES } from '../../../../libs/admin/src/offline';

export type OutputFormat = 'table' | 'json' | 'yaml';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

/**
 * JSON and YAML print the admin types as they are (camelCase keys, times in epoch ms, sizes
 * in bytes): a stable shape for scripts, identical for a live server and `inspect`. Tables
 * are for people: aligned columns, human sizes and ages, cut to the terminal's width.
 */
export function structured(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : dump(value, { noRefs: true });
}

interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** May be cut (with …) when the table is wider than the terminal. */
  flexible?: boolean;
  alignRight?: boolean;
}

const MIN_FLEXIBLE_WIDTH = 10;

export function table<T>(rows: readonly T[], columns: readonly Column<T>[], width: number): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const gap = 2;
  let total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  // Shrink the widest flexible column, one character at a time, until the table fits.
  while (total > width) {
    let widest = -1;
    for (let i = 0; i < columns.length; i++) {
      if (!columns[i].flexible || widths[i] <= MIN_FLEXIBLE_WIDTH) continue;
      if (widest < 0 || widths[i] > widths[widest]) widest = i;
    }
    if (widest < 0) break;
    widths[widest] -= 1;
    total -= 1;
  }
  const fit = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text);
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => {
        const text = fit(v, widths[i]);
        if (i === values.length - 1 && !columns[i].alignRight) return text;
        return columns[i].alignRight ? text.padStart(widths[i]) : text.padEnd(widths[i]);
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

function keyValues(pairs: readonly [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`.trimEnd()).join('\n') + '\n';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

function ago(at: number, now: number): string {
  if (at <= 0) return '-';
  return now >= at ? `${duration(now - at)} ago` : `in ${duration(at - now)}`;
}

function time(at: number): string {
  return at > 0 ? new Date(at).toISOString() : '-';
}

const dash = (s: string) => (s === '' ? '-' : s);

export function statusTable(s: ClusterStatus): string {
  const workers = WORKER_STATES.filter((state) => s.workersByState[state] > 0)
    .map((state) => `${s.workersByState[state]} ${state}`)
    .join(', ');
  const out = keyValues([
    ['Cluster', s.clusterId || '-'],
    ['Serving', s.servingState],
    ['Version', s.version],
    ['Uptime', s.startedAt > 0 ? `${duration(s.uptimeMs)} (since ${time(s.startedAt)})` : '-'],
    [
      'Leadership',
      `${s.leadership.role}${s.leadership.epoch ? ` epoch ${s.leadership.epoch}` : ''}`,
    ],
    ['Workers', `${s.workerTotal}${workers ? ` (${workers})` : ''}`],
    ['Replicas', String(s.replicaTotal)],
    ['Artifacts', String(s.artifactTotal)],
    ['Open registrations', String(s.openRegistrations)],
    [
      'Database',
      s.database.file === ''
        ? 'in-memory'
        : s.database.file.startsWith('postgres://')
          ? `${s.database.file} (PostgreSQL)`
          : `${s.database.file} (${bytes(s.database.bytes)}, WAL ${bytes(s.database.walBytes)})`,
    ],
    ['Write queue', `${s.database.writeQueueDepth} waiting`],
  ]);
  const tiers = table(
    s.replicasByTier,
    [
      { header: 'TIER', value: (t) => t.tier },
      { header: 'AVAILABLE', value: (t) => String(t.available), alignRight: true },
      { header: 'UNAVAILABLE', value: (t) => String(t.unavailable), alignRight: true },
    ],
    Infinity,
  );
  return `${out}\n${tiers}`;
}

export function workersTable(rows: readonly WorkerSummary[], width: number, now: number): string {
  return table(
    rows,
    [
      { header: 'WORKER ID', value: (w) => w.workerId, flexible: true },
      { header: 'NODE', value: (w) => w.nodeId, flexible: true },
      { header: 'ADDRESS', value: (w) => `${w.nodeAddress}:${w.grpcPort}`, flexible: true },
      { header: 'STATE', value: (w) => w.state },
      { header: 'LAST HEARTBEAT', value: (w) => ago(w.lastHeartbeatAt, now) },
      {
        header: 'REPLICAS',
        value: (w) => `${w.availableReplicaCount}/${w.replicaCount}`,
        alignRight: true,
      },
      {
        header: 'MEM AVAILABLE',
        value: (w) => `${bytes(w.memPoolAvailableSize)}/${bytes(w.memPoolTotalSize)}`,
        alignRight: true,
      },
    ],
    width,
  );
}

export function replicasTable(rows: readonly ReplicaSummary[], width: number): string {
  return table(
    rows,
    [
      { header: 'REPLICA ID', value: (r) => r.replicaId, flexible: true },
      { header: 'ARTIFACT', value: (r) => r.artifactId, flexible: true },
      { header: 'WORKER', value: (r) => r.workerId, flexible: true },
      { header: 'NODE', value: (r) => r.nodeId, flexible: true },
      { header: 'TIER', value: (r) => (r.tier === 'GPU' ? `GPU:${r.deviceId}` : r.tier) },
      { header: 'AVAILABLE', value: (r) => (r.available ? 'yes' : 'no') },
      { header: 'SIZE', value: (r) => bytes(r.memorySize), alignRight: true },
    ],
    width,
  );
}

export function artifactsTable(rows: readonly ArtifactSummary[], width: number): string {
  return table(
    rows,
    [
      { header: 'ARTIFACT ID', value: (a) => a.artifactId, flexible: true },
      { header: 'KIND', value: (a) => a.idKind },
      { header: 'SIZE', value: (a) => bytes(a.totalSize), alignRight: true },
      {
        header: 'REPLICAS',
        value: (a) => `${a.availableReplicaCount}/${a.replicaCount}`,
        alignRight: true,
      },
      { header: 'INDEX', value: (a) => (a.tensorIndexKey ? 'stored' : '-') },
      { header: 'UPDATED', value: (a) => time(a.updatedAt) },
    ],
    width,
  );
}

export function registrationsTable(
  rows: readonly RegistrationSummary[],
  width: number,
  now: number,
): string {
  return table(
    rows,
    [
      { header: 'REGISTRATION ID', value: (r) => r.registrationId, flexible: true },
      { header: 'WORKER', value: (r) => r.workerId, flexible: true },
      { header: 'DAEMON', value: (r) => r.daemonId, flexible: true },
      { header: 'PLAN', value: (r) => r.plan },
      {
        header: 'COVERED',
        value: (r) => `${bytes(r.coveredBytes)}/${bytes(r.totalSize)}`,
        alignRight: true,
      },
      { header: 'EPOCH', value: (r) => String(r.epoch), alignRight: true },
      { header: 'LEASE EXPIRES', value: (r) => ago(r.leaseExpiresAt, now) },
    ],
    width,
  );
}

export function workerDetailText(w: WorkerDetail, width: number, now: number): string {
  const head = keyValues([
    ['Worker', w.workerId],
    ['State', w.state],
    ['Daemon', w.daemonId],
    ['Node', w.nodeId],
    ['Address', `${w.nodeAddress}:${w.grpcPort} (p2p ${w.p2pPort})`],
    ['Accepting requests', w.acceptingNewRequests ? 'yes' : 'no'],
    ['Registered', time(w.registeredAt)],
    ['Last heartbeat', `${time(w.lastHeartbeatAt)} (${ago(w.lastHeartbeatAt, now)})`],
    ['Memory pool', `${bytes(w.memPoolAvailableSize)} available of ${bytes(w.memPoolTotalSize)}`],
    ['Capability flags', w.capabilityFlags],
    ['State', `version ${w.stateVersion}, checksum ${w.stateChecksum}`],
    ['Reconcile generation', String(w.reconcileGeneration)],
    ['Replicas', `${w.availableReplicaCount} available of ${w.replicaCount}`],
  ]);
  const replicas = w.replicas.length ? `\n${replicasTable(w.replicas, width)}` : '';
  const leases = w.openRegistrations.length
    ? `\nOpen registrations:\n${registrationsTable(w.openRegistrations, width, now)}`
    : '';
  return head + replicas + leases;
}

export function artifactDetailText(a: ArtifactDetail, width: number): string {
  const head = keyValues([
    ['Artifact', a.artifactId],
    ['Id kind', a.idKind],
    ['Total size', `${bytes(a.totalSize)} (${a.totalSize} bytes)`],
    ['Index multihash', dash(a.indexMultihash)],
    ['Data multihash', dash(a.dataMultihash)],
    ['Schema version', dash(a.schemaVersion)],
    ['Encoding', dash(a.encoding)],
    ['Tensor index key', dash(a.tensorIndexKey)],
    ['Created', time(a.createdAt)],
    ['Updated', time(a.updatedAt)],
    ['Replicas', `${a.availableReplicaCount} available of ${a.replicaCount}`],
  ]);
  return a.replicas.length ? `${head}\n${replicasTable(a.replicas, width)}` : head;
}

export function mappingText(m: MappingResolution & { found: true }): string {
  return keyValues([
    ['Key', m.key],
    ['Artifact', m.artifactId],
    ['Replica', dash(m.replicaUuid)],
    ['Daemon address', dash(m.daemonAddress)],
    ['Generation', String(m.generation)],
    ['Alias (swapped)', m.swapped ? 'yes' : 'no'],
    ['TTL', m.ttlMs > 0 ? duration(m.ttlMs) : '-'],
    ['Updated', time(m.updatedAt)],
  ]);
}

export function removalText(r: WorkerRemoval): string {
  return (
    `removed worker ${r.workerId} (was ${r.previousState}): ${r.removedReplicas} replica(s) ` +
    `deleted, ${r.revokedRegistrations} open registration(s) revoked; reason: ${r.reason}\n`
  );
}
