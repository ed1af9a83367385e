import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { validateMemoryInfo } from '../../artifacts/src';
import {
  InvalidArgumentError,
  parseUint64,
  requireNonEmpty,
  requirePositive,
} from '../../common/src';
import type { wire } from '../../grpc/src';
import { msFromTimestamp } from '../../grpc/src';
import { DesiredReplica, desiredKey, transportKey } from './reconcile.plan';

/**
 * Validation of a ReconcileWorkerState inventory, item by item, with the MemoryInfo rules
 * RegisterReplica applies to a single replica (validateMemoryInfo) plus the ReplicaInfo
 * envelope (ref, stats). Errors name the item and field
 * ("inventory[3].memory_info.node_port: ..."), and nothing is written when any item is bad.
 */

/** Items validated between two yields to the event loop: a huge snapshot must not stall heartbeats. */
export const INVENTORY_CHUNK = 500;

export function parseInventoryItem(item: wire.ReplicaInfo__Output, index: number): DesiredReplica {
  const at = `inventory[${index}]`;
  const artifactId = requireNonEmpty(`${at}.ref.artifact_id`, item.ref?.artifact_id);
  const memory = validateMemoryInfo(item.memory_info, `${at}.memory_info`);
  const transport = item.memory_info?.transport;
  if (transport) {
    parseUint64(`${at}.memory_info.transport.export_generation`, transport.export_generation);
    const keys = transport.remote_memory_keys ?? [];
    const sizes = transport.buffer_sizes ?? [];
    sizes.forEach((size, i) => parseUint64(`${at}.memory_info.transport.buffer_sizes[${i}]`, size));
    if (keys.length !== sizes.length) {
      throw new InvalidArgumentError(
        `${at}.memory_info.transport.buffer_sizes`,
        `has ${sizes.length} entries but remote_memory_keys has ${keys.length}; they must pair up`,
      );
    }
  }
  const maxConcurrency = requirePositive(
    `${at}.stats.max_concurrency`,
    item.stats?.max_concurrency ?? 0,
  );
  return {
    index,
    artifactId,
    viewId: memory.viewId,
    nodeId: memory.nodeId,
    nodeAddress: memory.nodeAddress,
    nodePort: memory.nodePort,
    memoryTier: memory.memoryTier,
    deviceId: memory.deviceId,
    memorySize: memory.memorySize,
    maxConcurrency,
    available: item.stats?.is_available ?? false,
    transportKey: transportKey(transport),
    registeredAtMs: registeredAt(`${at}.stats.registered_ts`, item.stats?.registered_ts ?? null),
    memoryInfo: memory.stored,
  };
}

/**
 * Validates the whole inventory, yielding to the event loop every INVENTORY_CHUNK items, and
 * refuses two items that are the same replica: which one would win is not the daemon's
 * intent, whatever we picked.
 */
export async function parseInventory(
  inventory: readonly wire.ReplicaInfo__Output[],
  chunk = INVENTORY_CHUNK,
): Promise<DesiredReplica[]> {
  const desired: DesiredReplica[] = [];
  const firstIndexOf = new Map<string, number>();
  for (let index = 0; index < inventory.length; index++) {
    if (index > 0 && index % chunk === 0) await yieldToEventLoop();
    const replica = parseInventoryItem(inventory[index], index);
    const key = desiredKey(replica);
    const first = firstIndexOf.get(key);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `inventory[${index}]`,
        `reports the same replica as inventory[${first}] (same artifact_id, view_id, node_id, memory_type and device_id)`,
      );
    }
    firstIndexOf.set(key, index);
    desired.push(replica);
  }
  return desired;
}

function registeredAt(
  field: string,
  ts: { seconds?: string | number | null; nanos?: number | null } | null,
): number | undefined {
  if (ts === null) return undefined;
  const seconds = Number(ts.seconds ?? 0);
  const nanos = ts.nanos ?? 0;
  if (
    !Number.isSafeInteger(seconds) ||
    !Number.isInteger(nanos) ||
    nanos < 0 ||
    nanos > 999_999_999
  ) {
    throw new InvalidArgumentError(
      field,
      `is not a valid timestamp (seconds ${ts.seconds}, nanos ${nanos})`,
    );
  }
  return msFromTimestamp(ts);
}
