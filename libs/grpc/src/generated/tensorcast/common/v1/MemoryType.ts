// Original file: proto/tensorcast/common/v1/common.proto

/**
 * Where the bytes of a replica live.
 */
export const MemoryType = {
  MEMORY_TYPE_UNSPECIFIED: 'MEMORY_TYPE_UNSPECIFIED',
  MEMORY_TYPE_RAM: 'MEMORY_TYPE_RAM',
  MEMORY_TYPE_GPU: 'MEMORY_TYPE_GPU',
  MEMORY_TYPE_DISK: 'MEMORY_TYPE_DISK',
} as const;

/**
 * Where the bytes of a replica live.
 */
export type MemoryType =
  | 'MEMORY_TYPE_UNSPECIFIED'
  | 0
  | 'MEMORY_TYPE_RAM'
  | 1
  | 'MEMORY_TYPE_GPU'
  | 2
  | 'MEMORY_TYPE_DISK'
  | 3;

/**
 * Where the bytes of a replica live.
 */
export type MemoryType__Output = (typeof MemoryType)[keyof typeof MemoryType];
