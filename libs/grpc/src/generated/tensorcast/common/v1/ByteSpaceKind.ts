// Original file: proto/tensorcast/common/v1/common.proto

/**
 * CANONICAL = the artifact's own byte layout; VIEW = a derived layout (e.g. a shard view).
 */
export const ByteSpaceKind = {
  BYTE_SPACE_KIND_UNSPECIFIED: 'BYTE_SPACE_KIND_UNSPECIFIED',
  BYTE_SPACE_KIND_CANONICAL: 'BYTE_SPACE_KIND_CANONICAL',
  BYTE_SPACE_KIND_VIEW: 'BYTE_SPACE_KIND_VIEW',
} as const;

/**
 * CANONICAL = the artifact's own byte layout; VIEW = a derived layout (e.g. a shard view).
 */
export type ByteSpaceKind =
  'BYTE_SPACE_KIND_UNSPECIFIED' | 0 | 'BYTE_SPACE_KIND_CANONICAL' | 1 | 'BYTE_SPACE_KIND_VIEW' | 2;

/**
 * CANONICAL = the artifact's own byte layout; VIEW = a derived layout (e.g. a shard view).
 */
export type ByteSpaceKind__Output = (typeof ByteSpaceKind)[keyof typeof ByteSpaceKind];
