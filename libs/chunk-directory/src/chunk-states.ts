import { InvalidArgumentError } from '../../common/src';

/** ChunkState numbers as stored (wire enum values). */
export const CHUNK_STATE_NAMES = [
  'CHUNK_STATE_UNSPECIFIED',
  'CHUNK_STATE_LOCKED_TX',
  'CHUNK_STATE_COPIED_GPU',
  'CHUNK_STATE_COLD',
  'CHUNK_STATE_EVICTED',
  'CHUNK_STATE_HOT',
] as const;

export type ChunkStateName = (typeof CHUNK_STATE_NAMES)[number];

export const CHUNK_STATE_EVICTED = 4;

/** A reported state must be one of the five real ones (UNSPECIFIED or unknown numbers: no). */
export function parseChunkState(field: string, value: unknown): number {
  const byName = CHUNK_STATE_NAMES.indexOf(value as ChunkStateName);
  const state = byName >= 0 ? byName : Number(value);
  if (!Number.isInteger(state) || state < 1 || state > 5) {
    throw new InvalidArgumentError(
      field,
      `must be a ChunkState from CHUNK_STATE_LOCKED_TX (1) to CHUNK_STATE_HOT (5) (got ${String(value)})`,
    );
  }
  return state;
}

export function chunkStateName(state: number): ChunkStateName {
  return CHUNK_STATE_NAMES[state] ?? 'CHUNK_STATE_UNSPECIFIED';
}

/** What QueryChunkLocations returns per visible row. */
export interface ChunkLocationView {
  chunkIdx: number;
  nodeId: string;
  nodeAddress: string;
  p2pPort: number;
  state: number;
  /** Always 0: nothing reports a node's load yet (TensorCast behaves the same). */
  nodeLoadRatio: number;
  deviceUuid: string;
  replica: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * chunk_idx, state number, node_load_ratio ascending (TensorCast's order); then node_id,
 * device_uuid, replica so that equal keys still come back in one stable order.
 */
export function compareChunkLocations(a: ChunkLocationView, b: ChunkLocationView): number {
  return (
    a.chunkIdx - b.chunkIdx ||
    a.state - b.state ||
    a.nodeLoadRatio - b.nodeLoadRatio ||
    compareText(a.nodeId, b.nodeId) ||
    compareText(a.deviceUuid, b.deviceUuid) ||
    a.replica - b.replica
  );
}
