// Original file: proto/tensorcast/common/v1/common.proto

/**
 * How an artifact id was derived: mi2 ids are `mi2:<index_multihash>:<data_multihash>`.
 */
export const ArtifactIdKind = {
  ARTIFACT_ID_KIND_UNSPECIFIED: 'ARTIFACT_ID_KIND_UNSPECIFIED',
  ARTIFACT_ID_KIND_MI2: 'ARTIFACT_ID_KIND_MI2',
  ARTIFACT_ID_KIND_CGID: 'ARTIFACT_ID_KIND_CGID',
} as const;

/**
 * How an artifact id was derived: mi2 ids are `mi2:<index_multihash>:<data_multihash>`.
 */
export type ArtifactIdKind =
  'ARTIFACT_ID_KIND_UNSPECIFIED' | 0 | 'ARTIFACT_ID_KIND_MI2' | 1 | 'ARTIFACT_ID_KIND_CGID' | 2;

/**
 * How an artifact id was derived: mi2 ids are `mi2:<index_multihash>:<data_multihash>`.
 */
export type ArtifactIdKind__Output = (typeof ArtifactIdKind)[keyof typeof ArtifactIdKind];
