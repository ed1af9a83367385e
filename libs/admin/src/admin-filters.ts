import { InvalidArgumentError, optionalString } from '../../common/src';
import {
  REPLICA_TIERS,
  RegistrationFilter,
  ReplicaFilter,
  ReplicaTier,
  WORKER_STATES,
  WorkerFilter,
  WorkerState,
} from './admin.types';

/**
 * Filters arrive from the wire, the dashboard and the command line: strings are trimmed,
 * empty means "no filter", and an unknown state or tier is INVALID_ARGUMENT naming the field.
 * Parsed filters carry only the keys that filter, so page-token digests are stable.
 */

function text(field: string, value: string | undefined): string | undefined {
  return optionalString(field, value) || undefined;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function parseWorkerState(
  field: string,
  value: string | undefined,
): WorkerState | undefined {
  const state = text(field, value)?.toUpperCase();
  if (state === undefined) return undefined;
  if (!(WORKER_STATES as readonly string[]).includes(state)) {
    throw new InvalidArgumentError(
      field,
      `must be one of ${WORKER_STATES.join(', ')} (got "${value}")`,
    );
  }
  return state as WorkerState;
}

export function parseReplicaTier(
  field: string,
  value: string | undefined,
): ReplicaTier | undefined {
  const tier = text(field, value)?.toUpperCase();
  if (tier === undefined) return undefined;
  if (!(REPLICA_TIERS as readonly string[]).includes(tier)) {
    throw new InvalidArgumentError(
      field,
      `must be one of ${REPLICA_TIERS.join(', ')} (got "${value}")`,
    );
  }
  return tier as ReplicaTier;
}

export function parseWorkerFilter(filter: WorkerFilter): WorkerFilter {
  return defined({
    state: parseWorkerState('state', filter.state),
    nodeId: text('node_id', filter.nodeId),
  });
}

export function parseReplicaFilter(filter: ReplicaFilter): ReplicaFilter {
  return defined({
    artifactId: text('artifact_id', filter.artifactId),
    workerId: text('worker_id', filter.workerId),
    nodeId: text('node_id', filter.nodeId),
    tier: parseReplicaTier('tier', filter.tier),
    available: filter.available,
  });
}

export function parseRegistrationFilter(filter: RegistrationFilter): RegistrationFilter {
  return defined({
    workerId: text('worker_id', filter.workerId),
    daemonId: text('daemon_id', filter.daemonId),
  });
}

export function parseMappingKey(key: string): string {
  const trimmed = optionalString('key', key);
  if (trimmed === '') throw new InvalidArgumentError('key', 'is required');
  return trimmed;
}
