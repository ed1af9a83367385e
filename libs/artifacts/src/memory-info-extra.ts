/**
 * What a replica stores of the MemoryInfo its daemon sent beyond the replica's own columns:
 * node_id, node_address, node_port, memory_size, memory_type and device_id live in columns,
 * a VIEW byte space in view_id, and fields at their proto3 default say nothing (the wire
 * decodes an absent field as its default). Each fact is stored once, and a replica's memory
 * footprint is only what is particular to it (transport keys, buffer sizes, timestamps).
 */
const HELD_IN_COLUMNS = new Set([
  'node_id',
  'node_address',
  'node_port',
  'memory_size',
  'memory_type',
  'device_id',
]);

export function memoryInfoExtra(stored: Record<string, unknown>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const key in stored) {
    if (!Object.prototype.hasOwnProperty.call(stored, key)) continue;
    const value = stored[key];
    if (HELD_IN_COLUMNS.has(key) || isProtoDefault(value)) continue;
    if (key === 'byte_space' && isViewByteSpace(value)) continue;
    extra[key] = value;
  }
  return extra;
}

function isProtoDefault(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    value === false ||
    (Array.isArray(value) && value.length === 0)
  );
}

function isViewByteSpace(value: unknown): boolean {
  const kind = kindOf(value);
  return kind === 'BYTE_SPACE_KIND_VIEW' || kind === '2';
}

function kindOf(value: unknown): string {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' || typeof kind === 'number' ? String(kind) : '';
}
