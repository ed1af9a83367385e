import {
  InvalidArgumentError,
  optionalString,
  parseUint64,
  requireNonEmpty,
  requirePort,
  quoteClientValue,
} from '../../common/src';
import { timestampFromMs } from '../../grpc/src';
import type { wire } from '../../grpc/src';
import { ArtifactEntity } from './artifact.entity';
import { MEMORY_TIER_OF, MemoryTier, ReplicaEntity } from './replica.entity';
import { ReplicaUpsert } from './replica-store';

/**
 * Conversions between the wire's MemoryInfo / ArtifactDescriptor and replica and artifact
 * rows, with the RegisterReplica field rules. Pure: reconcile and registration commits use
 * the same rules for the MemoryInfo they receive.
 */

const TIER_BY_WIRE: Record<string, MemoryTier> = {
  MEMORY_TYPE_RAM: 'RAM',
  MEMORY_TYPE_GPU: 'GPU',
  MEMORY_TYPE_DISK: 'DISK',
  '1': 'RAM',
  '2': 'GPU',
  '3': 'DISK',
};

export function wireMemoryType(tier: MemoryTier): wire.MemoryType__Output {
  return `MEMORY_TYPE_${tier}`;
}

/** A memory_type that must name a tier (RAM, GPU or DISK). */
export function parseMemoryTier(field: string, value: unknown): MemoryTier {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const tier = TIER_BY_WIRE[text];
  if (!tier) {
    throw new InvalidArgumentError(
      field,
      `must be MEMORY_TYPE_RAM, MEMORY_TYPE_GPU or MEMORY_TYPE_DISK (got ${text ? quoteClientValue(value) : 'nothing'})`,
    );
  }
  return tier;
}

/** An optional memory_type filter: absent or UNSPECIFIED means no filter. */
export function parseMemoryTierFilter(field: string, value: unknown): MemoryTier | undefined {
  if (value === undefined || value === null || value === 0 || value === 'MEMORY_TYPE_UNSPECIFIED') {
    return undefined;
  }
  return parseMemoryTier(field, value);
}

/**
 * A device filter only narrows GPU replicas: every other tier is stored with device 0, so a
 * filter naming a non-GPU tier ignores the device the daemon sent.
 */
export function deviceFilterFor(
  tier: MemoryTier | undefined,
  deviceId: number | undefined,
): number | undefined {
  if (deviceId === undefined) return undefined;
  return tier === undefined || tier === 'GPU' ? deviceId : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** replica_id must be a UUID (any case); returned lower-cased, as stored. */
export function parseReplicaId(field: string, value: string | undefined): string {
  const id = requireNonEmpty(field, value).toLowerCase();
  if (!UUID.test(id))
    throw new InvalidArgumentError(field, `${quoteClientValue(value?.trim())} is not a UUID`);
  return id;
}

/** The parts of a MemoryInfo that make a replica row, validated. */
export interface ValidatedMemoryInfo {
  nodeId: string;
  nodeAddress: string;
  nodePort: number;
  memoryTier: MemoryTier;
  deviceId: number;
  memorySize: number;
  /** The VIEW byte-space id, '' for canonical replicas. */
  viewId: string;
  tensorIndexKey: string;
  /** The MemoryInfo to store (proto field names, virtual oneof keys dropped). */
  stored: Record<string, unknown>;
}

/**
 * Validates a MemoryInfo as RegisterReplica must (compat): node_id required, node_port
 * 1..65535, memory_size > 0, a real memory tier, remote_memory_keys and buffer_sizes of the
 * same length with sizes summing to memory_size, and a VIEW byte space naming its id.
 */
export function validateMemoryInfo(
  info: wire.MemoryInfo__Output | null | undefined,
  field = 'mem_info',
): ValidatedMemoryInfo {
  if (!info) throw new InvalidArgumentError(field, 'is required');
  const nodeId = requireNonEmpty(`${field}.node_id`, info.node_id);
  const nodeAddress = optionalString(`${field}.node_address`, info.node_address);
  const nodePort = requirePort(`${field}.node_port`, info.node_port);
  const memorySize = parseUint64(`${field}.memory_size`, info.memory_size);
  if (memorySize <= 0) {
    throw new InvalidArgumentError(`${field}.memory_size`, 'must be greater than 0');
  }
  const memoryTier = parseMemoryTier(`${field}.memory_type`, info.memory_type);
  const keys = info.remote_memory_keys ?? [];
  const sizes = (info.buffer_sizes ?? []).map((size, i) =>
    parseUint64(`${field}.buffer_sizes[${i}]`, size),
  );
  if (keys.length !== sizes.length) {
    throw new InvalidArgumentError(
      `${field}.buffer_sizes`,
      `has ${sizes.length} entries but remote_memory_keys has ${keys.length}; they must pair up`,
    );
  }
  if (sizes.length > 0) {
    const total = sizes.reduce((sum, size) => sum + size, 0);
    if (total !== memorySize) {
      throw new InvalidArgumentError(
        `${field}.buffer_sizes`,
        `sum to ${total} but memory_size is ${memorySize}`,
      );
    }
  }
  const viewId = viewIdOf(info.byte_space, `${field}.byte_space`);
  const deviceId = memoryTier === 'GPU' ? (info.device_id ?? 0) : 0;
  // Key by key, not Object.entries: a 10k-replica snapshot validates 10k of these, and the
  // entry pairs were a good part of its garbage.
  const stored: Record<string, unknown> = {};
  const fields = info as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) continue;
    const value = fields[key];
    // proto-loader adds a virtual "_transport" key for proto3 optional fields.
    if (key.charCodeAt(0) !== UNDERSCORE && value !== undefined) stored[key] = value;
  }
  stored.node_id = nodeId;
  stored.node_address = nodeAddress;
  stored.memory_type = wireMemoryType(memoryTier);
  stored.device_id = deviceId;
  return {
    nodeId,
    nodeAddress,
    nodePort,
    memoryTier,
    deviceId,
    memorySize,
    viewId,
    tensorIndexKey: (info.tensor_index_key ?? '').trim(),
    stored,
  };
}

const UNDERSCORE = '_'.charCodeAt(0);

function viewIdOf(byteSpace: wire.ByteSpaceRef__Output | null | undefined, field: string): string {
  if (!byteSpace) return '';
  const kind = String(byteSpace.kind);
  if (kind !== 'BYTE_SPACE_KIND_VIEW' && kind !== '2') return '';
  return requireNonEmpty(`${field}.id`, byteSpace.id);
}

/** The ReplicaUpsert for a validated MemoryInfo held by a worker. */
export function toReplicaUpsert(
  memory: ValidatedMemoryInfo,
  owner: { artifactId: string; workerId: string; maxConcurrency: number },
): ReplicaUpsert {
  return {
    artifactId: owner.artifactId,
    workerId: owner.workerId,
    viewId: memory.viewId,
    nodeId: memory.nodeId,
    nodeAddress: memory.nodeAddress,
    nodePort: memory.nodePort,
    memoryTier: memory.memoryTier,
    deviceId: memory.deviceId,
    memorySize: memory.memorySize,
    maxConcurrency: owner.maxConcurrency,
    memoryInfo: memory.stored,
  };
}

/**
 * A replica's MemoryInfo as peers need it: what the daemon registered, with the indexed
 * columns (identity, size, tier) as the authority where the two overlap.
 */
export function toMemoryInfoWire(replica: Readonly<ReplicaEntity>): wire.MemoryInfo {
  const stored = (replica.memoryInfo ?? {}) as Partial<wire.MemoryInfo__Output>;
  const tier = MEMORY_TIER_OF[replica.memoryType] ?? 'RAM';
  return {
    ...stored,
    node_id: replica.nodeId,
    node_address: replica.nodeAddress,
    node_port: replica.nodePort,
    memory_size: String(replica.memorySize),
    memory_type: wireMemoryType(tier),
    device_id: replica.deviceId,
    creation_ts: stored.creation_ts ?? timestampFromMs(replica.registeredAt),
    byte_space:
      replica.viewId !== ''
        ? { kind: 'BYTE_SPACE_KIND_VIEW', id: replica.viewId }
        : (stored.byte_space ?? null),
  };
}

export function toArtifactDescriptorWire(artifact: ArtifactEntity): wire.ArtifactDescriptor {
  return {
    artifact_id: artifact.artifactId,
    index_multihash: artifact.indexMultihash,
    data_multihash: artifact.dataMultihash,
    schema_version: artifact.schemaVersion,
    encoding: artifact.encoding,
    total_size: String(artifact.totalSize),
    id_kind: artifact.idKind as wire.ArtifactIdKind,
  };
}
