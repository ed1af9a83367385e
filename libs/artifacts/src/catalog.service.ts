import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DomainError,
  InvalidArgumentError,
  requireNonEmpty,
  quoteClientValue,
} from '../../common/src';
import { CommittedReads, WriteQueue } from '../../persistence/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore } from './artifact-store';
import {
  digestOfMultihash,
  multihashFromDigest,
  parseMi2ArtifactId,
  sha256Multihash,
} from './multihash';

/** common.v1.ArtifactIdKind numbers. */
export const ARTIFACT_ID_KIND = { UNSPECIFIED: 0, MI2: 1, CGID: 2 } as const;

export interface ArtifactDescriptorInput {
  artifactId: string;
  indexMultihash: string;
  dataMultihash: string;
  schemaVersion: string;
  encoding: string;
  totalSize: number;
  /** ArtifactIdKind number; anything outside 0..2 is refused. */
  idKind: number;
}

export interface UpsertArtifactMetadataInput {
  descriptor: ArtifactDescriptorInput | null;
  /** Empty = no index bytes in this call (proto3 cannot tell empty from absent). */
  canonicalIndexData: Buffer;
}

export type ArtifactIndexLookup =
  { found: false } | { found: true; data: Buffer; encoding: string; schemaVersion: string };

const TENSOR_INDEX_KEY = /^[0-9a-f]{64}$/;
const MULTIHASH_FORMAT =
  'a multibase base32 sha2-256 multihash ("b" + lower-case base32, no padding)';
// Column widths of the artifacts table: refused here instead of truncated by a stricter driver.
const MAX_ENCODING_LENGTH = 64;
const MAX_SCHEMA_VERSION_LENGTH = 32;

/**
 * ArtifactCatalogService's artifact half: descriptors and content-addressed tensor indexes.
 * The index a daemon uploads is checked against the multihash it claims before anything is
 * stored, and an artifact's content identity (its multihashes) never changes once recorded.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly reads: CommittedReads,
    private readonly writes: WriteQueue,
    private readonly artifacts: ArtifactStore,
  ) {}

  async upsertArtifactMetadata(input: UpsertArtifactMetadataInput): Promise<void> {
    const descriptor = validDescriptor(input.descriptor);
    const data = input.canonicalIndexData;
    if (data.length > 0) {
      if (descriptor.indexMultihash === '') {
        throw new InvalidArgumentError(
          'descriptor.index_multihash',
          'is required when canonical_index_data is given (the sha2-256 multihash of those bytes)',
        );
      }
      const actual = sha256Multihash(data);
      if (actual !== descriptor.indexMultihash) {
        throw new DomainError(
          'INDEX_MISMATCH',
          `descriptor.index_multihash: ${quoteClientValue(descriptor.indexMultihash)} is not the sha2-256 multihash ` +
            `of canonical_index_data (${data.length} bytes hash to ${actual})`,
          'descriptor.index_multihash',
        );
      }
    }

    await this.writes.run(async (tx) => {
      const existing = await this.artifacts.findArtifact(tx, descriptor.artifactId);
      if (existing) refuseIdentityChange(existing, descriptor);
      let tensorIndexKey: string | undefined;
      if (data.length > 0) {
        tensorIndexKey = await this.artifacts.storeTensorIndex(
          tx,
          data,
          descriptor.encoding,
          descriptor.schemaVersion,
        );
      } else if (descriptor.indexMultihash !== '') {
        // Descriptor-only upsert: link the index if its bytes are already stored here.
        const key = indexKeyOfMultihash(descriptor.indexMultihash);
        if (await this.artifacts.tensorIndexExists(tx.manager, key)) tensorIndexKey = key;
      }
      await this.artifacts.upsertArtifact(tx, { ...descriptor, tensorIndexKey });
    });
  }

  async getArtifactIndex(tensorIndexKey: string): Promise<ArtifactIndexLookup> {
    const key = tensorIndexKey.trim();
    if (key === '') throw new InvalidArgumentError('tensor_index_key', 'is required');
    if (!TENSOR_INDEX_KEY.test(key)) {
      throw new InvalidArgumentError(
        'tensor_index_key',
        'must be 64 lower-case hex digits (the sha256 of the index bytes)',
      );
    }
    return this.reads.run((manager) => this.readIndex(manager, key, '', ''));
  }

  async getArtifactIndexById(artifactId: string): Promise<ArtifactIndexLookup> {
    const id = requireNonEmpty('artifact_id', artifactId);
    return this.reads.run(async (manager) => {
      const artifact = await this.artifacts.findArtifact(manager, id);
      if (!artifact) return { found: false };
      const key = await this.storedIndexKeyOf(manager, artifact);
      if (key === undefined) return { found: false };
      return this.readIndex(manager, key, artifact.encoding, artifact.schemaVersion);
    });
  }

  /**
   * The key of the artifact's tensor index if its bytes are stored here: the linked
   * tensor_index_key, else the digest of its index multihash (the same sha256, so an index
   * stored by another path still counts). This is what "index-ready" means for key mappings.
   */
  async storedIndexKeyOf(
    manager: EntityManager,
    artifact: ArtifactEntity,
  ): Promise<string | undefined> {
    const candidates = [
      artifact.tensorIndexKey ?? '',
      indexKeyOfMultihash(artifact.indexMultihash),
    ];
    for (const key of new Set(candidates)) {
      if (key !== '' && (await this.artifacts.tensorIndexExists(manager, key))) return key;
    }
    return undefined;
  }

  private async readIndex(
    manager: EntityManager,
    key: string,
    fallbackEncoding: string,
    fallbackSchemaVersion: string,
  ): Promise<ArtifactIndexLookup> {
    const index = await this.artifacts.findTensorIndex(manager, key);
    if (!index) return { found: false };
    return {
      found: true,
      data: index.indexData,
      encoding: index.encoding || fallbackEncoding,
      schemaVersion: index.schemaVersion || fallbackSchemaVersion,
    };
  }
}

/** The stored descriptor fields after validation; mi2 ids fill in missing multihashes. */
function validDescriptor(descriptor: ArtifactDescriptorInput | null): ArtifactDescriptorInput {
  if (!descriptor) throw new InvalidArgumentError('descriptor', 'is required');
  const artifactId = requireNonEmpty('descriptor.artifact_id', descriptor.artifactId);
  let indexMultihash = requireMultihashOrEmpty(
    'descriptor.index_multihash',
    descriptor.indexMultihash,
  );
  let dataMultihash = requireMultihashOrEmpty(
    'descriptor.data_multihash',
    descriptor.dataMultihash,
  );

  const isMi2 = artifactId.startsWith('mi2:');
  if (isMi2) {
    const parts = parseMi2ArtifactId(artifactId);
    if (
      !parts ||
      digestOfMultihash(parts.indexMultihash) === undefined ||
      digestOfMultihash(parts.dataMultihash) === undefined
    ) {
      throw new InvalidArgumentError(
        'descriptor.artifact_id',
        `${quoteClientValue(artifactId)} is not mi2:<index_multihash>:<data_multihash> with each part ${MULTIHASH_FORMAT}`,
      );
    }
    // The id is the content address: a descriptor contradicting it describes another artifact.
    if (indexMultihash !== '' && indexMultihash !== parts.indexMultihash) {
      throw new InvalidArgumentError(
        'descriptor.index_multihash',
        `${quoteClientValue(indexMultihash)} disagrees with the index multihash in artifact_id (${quoteClientValue(parts.indexMultihash)})`,
      );
    }
    if (dataMultihash !== '' && dataMultihash !== parts.dataMultihash) {
      throw new InvalidArgumentError(
        'descriptor.data_multihash',
        `${quoteClientValue(dataMultihash)} disagrees with the data multihash in artifact_id (${quoteClientValue(parts.dataMultihash)})`,
      );
    }
    indexMultihash = parts.indexMultihash;
    dataMultihash = parts.dataMultihash;
  }

  const idKind = descriptor.idKind;
  if (!Number.isInteger(idKind) || idKind < 0 || idKind > ARTIFACT_ID_KIND.CGID) {
    throw new InvalidArgumentError(
      'descriptor.id_kind',
      `unknown ArtifactIdKind ${quoteClientValue(idKind)}`,
    );
  }
  if (idKind === ARTIFACT_ID_KIND.MI2 && !isMi2) {
    throw new InvalidArgumentError(
      'descriptor.id_kind',
      `ARTIFACT_ID_KIND_MI2 needs an artifact_id of the form mi2:<index_multihash>:<data_multihash> (got ${quoteClientValue(artifactId)})`,
    );
  }
  if (idKind === ARTIFACT_ID_KIND.CGID && isMi2) {
    throw new InvalidArgumentError(
      'descriptor.id_kind',
      `ARTIFACT_ID_KIND_CGID contradicts the mi2 artifact_id ${quoteClientValue(artifactId)}`,
    );
  }
  const encoding = descriptor.encoding.trim();
  if (encoding.length > MAX_ENCODING_LENGTH) {
    throw new InvalidArgumentError(
      'descriptor.encoding',
      `is longer than ${MAX_ENCODING_LENGTH} characters`,
    );
  }
  const schemaVersion = descriptor.schemaVersion.trim();
  if (schemaVersion.length > MAX_SCHEMA_VERSION_LENGTH) {
    throw new InvalidArgumentError(
      'descriptor.schema_version',
      `is longer than ${MAX_SCHEMA_VERSION_LENGTH} characters`,
    );
  }
  return {
    artifactId,
    indexMultihash,
    dataMultihash,
    schemaVersion,
    encoding,
    totalSize: descriptor.totalSize,
    idKind: idKind === ARTIFACT_ID_KIND.UNSPECIFIED && isMi2 ? ARTIFACT_ID_KIND.MI2 : idKind,
  };
}

function requireMultihashOrEmpty(field: string, value: string): string {
  const multihash = value.trim();
  if (multihash !== '' && digestOfMultihash(multihash) === undefined) {
    throw new InvalidArgumentError(
      field,
      `${quoteClientValue(multihash)} is not ${MULTIHASH_FORMAT}`,
    );
  }
  return multihash;
}

/**
 * An artifact's multihashes are its content identity: other stored facts (replicas, key
 * mappings, the linked index) were recorded against them, so a different claim is refused
 * rather than overwriting them. Filling in a multihash that was still unknown is fine.
 */
function refuseIdentityChange(existing: ArtifactEntity, descriptor: ArtifactDescriptorInput): void {
  const knownIndex =
    existing.indexMultihash ||
    (existing.tensorIndexKey ? multihashOfIndexKey(existing.tensorIndexKey) : '');
  if (
    descriptor.indexMultihash !== '' &&
    knownIndex !== '' &&
    descriptor.indexMultihash !== knownIndex
  ) {
    throw new DomainError(
      'INDEX_MISMATCH',
      `descriptor.index_multihash: artifact ${quoteClientValue(existing.artifactId)} already has index multihash ` +
        `${quoteClientValue(knownIndex)}, not ${quoteClientValue(descriptor.indexMultihash)}`,
      'descriptor.index_multihash',
    );
  }
  if (
    descriptor.dataMultihash !== '' &&
    existing.dataMultihash !== '' &&
    descriptor.dataMultihash !== existing.dataMultihash
  ) {
    throw new DomainError(
      'INDEX_MISMATCH',
      `descriptor.data_multihash: artifact ${quoteClientValue(existing.artifactId)} already has data multihash ` +
        `${quoteClientValue(existing.dataMultihash)}, not ${quoteClientValue(descriptor.dataMultihash)}`,
      'descriptor.data_multihash',
    );
  }
}

/** tensor_index_key (sha256 hex) named by a sha2-256 multihash; '' if it is not one. */
function indexKeyOfMultihash(multihash: string): string {
  return digestOfMultihash(multihash)?.toString('hex') ?? '';
}

function multihashOfIndexKey(key: string): string {
  return TENSOR_INDEX_KEY.test(key) ? multihashFromDigest(Buffer.from(key, 'hex')) : '';
}
