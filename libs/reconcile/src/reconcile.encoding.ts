import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { ReplicaRecord } from '../../artifacts/src';
import { protoRoot } from '../../grpc/src';
import type { ReconcileOutcome, ReconcileResultKind, StateChangeView } from './reconcile.service';
import { replicaInfoOf } from './reconcile.wire';

/**
 * ReconcileWorkerStateResponse written straight from the outcome's records into one
 * protobuf writer, as the bytes proto-loader's serializer would produce from
 * reconcileResponseOf (the spec compares both, byte for byte).
 *
 * A first SNAPSHOT of 10,000 replicas answers 10,000 ADDs: building a ReplicaInfo object
 * tree per change and then protobufjs' fromObject copy of it was the largest single cost of
 * such an answer, and its garbage a good part of the collector's time (docs/benchmarks.md,
 * "SNAPSHOT answers and the restart storm"). A replica whose MemoryInfo holds extras the
 * daemon sent (transport, remote keys, timestamps, ...) is rare and is encoded the old way,
 * through the ReplicaInfo type, so what the daemon registered round-trips exactly as before.
 *
 * The fields are written as protobufjs writes a message built by fromObject: every field
 * the object sets, default values included, in field-number order.
 */
export function encodeReconcileResponse(outcome: ReconcileOutcome): Buffer {
  const w = protobuf.Writer.create();
  w.uint32(tag(1, VARINT)).int32(RESULT_KIND_NUMBER[outcome.resultKind]);
  w.uint32(tag(2, VARINT)).uint32(outcome.retryAfterMs >>> 0);
  w.uint32(tag(3, VARINT)).uint64(outcome.stateVersion);
  w.uint32(tag(4, BYTES)).string(outcome.stateChecksum);
  for (const change of outcome.stateChanges) writeStateChange(w, change);
  for (const replica of outcome.expectedReplicas) {
    writeReplicaInfo(w.uint32(tag(6, BYTES)).fork(), replica).ldelim();
  }
  return w.finish() as Buffer;
}

const VARINT = 0;
const BYTES = 2;

function tag(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

const RESULT_KIND_NUMBER: Record<ReconcileResultKind, number> = {
  APPLIED: 1,
  NOOP: 2,
  IGNORED_STALE: 3,
  RETRY_LATER: 4,
  REBASE_REQUIRED: 5,
};

const CHANGE_TYPE_NUMBER: Record<StateChangeView['type'], number> = {
  REMOVE: 1,
  UPDATE: 2,
  ADD: 3,
};

/** MemoryType numbers; toMemoryInfoWire answers RAM for a stored type it does not know. */
const MEMORY_TYPE_RAM = 1;
const KNOWN_MEMORY_TYPES = new Set([1, 2, 3]);
const BYTE_SPACE_KIND_VIEW = 2;

function writeStateChange(w: protobuf.Writer, change: StateChangeView): void {
  w.uint32(tag(5, BYTES)).fork();
  w.uint32(tag(1, VARINT)).int32(CHANGE_TYPE_NUMBER[change.type]);
  writeReplicaInfo(w.uint32(tag(2, BYTES)).fork(), change.replica).ldelim();
  w.uint32(tag(3, BYTES)).string(change.reason);
  w.ldelim();
}

/** The ReplicaInfo of replicaInfoOf, into w (already forked by the caller). */
function writeReplicaInfo(w: protobuf.Writer, r: ReplicaRecord): protobuf.Writer {
  if (!isEmpty(r.memoryInfo)) {
    const type = replicaInfoType();
    return type.encode(type.fromObject(replicaInfoOf(r)), w);
  }
  // ref
  w.uint32(tag(1, BYTES)).fork();
  w.uint32(tag(1, BYTES)).string(r.artifactId);
  w.uint32(tag(2, BYTES)).string(r.replicaId);
  w.ldelim();
  // memory_info: the columns, creation_ts from registered_at, the VIEW byte space.
  w.uint32(tag(2, BYTES)).fork();
  w.uint32(tag(1, BYTES)).string(r.nodeId);
  w.uint32(tag(2, BYTES)).string(r.nodeAddress);
  w.uint32(tag(3, VARINT)).uint32(r.nodePort >>> 0);
  w.uint32(tag(5, VARINT)).uint64(r.memorySize);
  w.uint32(tag(6, VARINT)).int32(
    KNOWN_MEMORY_TYPES.has(r.memoryType) ? r.memoryType : MEMORY_TYPE_RAM,
  );
  w.uint32(tag(7, VARINT)).uint32(r.deviceId >>> 0);
  writeTimestamp(w, 12, r.registeredAt);
  if (r.viewId !== '') {
    w.uint32(tag(16, BYTES)).fork();
    w.uint32(tag(1, VARINT)).int32(BYTE_SPACE_KIND_VIEW);
    w.uint32(tag(2, BYTES)).string(r.viewId);
    w.ldelim();
  }
  w.ldelim();
  // stats
  w.uint32(tag(3, BYTES)).fork();
  w.uint32(tag(1, VARINT)).uint32(r.maxConcurrency >>> 0);
  w.uint32(tag(2, VARINT)).uint32(r.currentRequests >>> 0);
  w.uint32(tag(3, VARINT)).bool(r.available);
  writeTimestamp(w, 4, r.registeredAt);
  w.ldelim();
  return w;
}

/** A google.protobuf.Timestamp of epoch milliseconds (timestampFromMs's arithmetic). */
function writeTimestamp(w: protobuf.Writer, field: number, ms: number): void {
  const seconds = Math.floor(ms / 1000);
  w.uint32(tag(field, BYTES)).fork();
  w.uint32(tag(1, VARINT)).int64(seconds);
  w.uint32(tag(2, VARINT)).int32(Math.round((ms - seconds * 1000) * 1e6) | 0);
  w.ldelim();
}

function isEmpty(object: Record<string, unknown> | null | undefined): boolean {
  if (!object) return true;
  for (const _key in object) return false;
  return true;
}

let loadedReplicaInfo: protobuf.Type | undefined;

/** tensorcast.common.v1.ReplicaInfo, parsed from its .proto on first use (rare replicas). */
function replicaInfoType(): protobuf.Type {
  if (loadedReplicaInfo === undefined) {
    const root = new protobuf.Root();
    root.loadSync(join(protoRoot(), 'tensorcast/common/v1/common.proto'), { keepCase: true });
    loadedReplicaInfo = root.lookupType('tensorcast.common.v1.ReplicaInfo');
  }
  return loadedReplicaInfo;
}
