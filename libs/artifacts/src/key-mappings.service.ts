import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  requireNonEmpty,
  quoteClientValue,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { CommittedReads, WriteQueue, WriteTransaction } from '../../persistence/src';
import { ArtifactStore } from './artifact-store';
import { CatalogService } from './catalog.service';
import { KeyMappingEntity } from './key-mapping.entity';
import {
  deleteKeyMapping,
  findKeyMapping,
  insertKeyMapping,
  saveKeyMapping,
  updateKeyMappingLocation,
} from './key-mapping-records';

/** A google.protobuf.Duration as it arrives (int64 seconds as a decimal string). */
export interface DurationValue {
  seconds: string | number;
  nanos: number;
}

export interface UpsertKeyMappingInput {
  key: string;
  artifactId: string;
  replicaUuid: string;
  daemonAddress: string;
  ttl: DurationValue | null;
}

export type UpsertKeyMappingResult =
  | { outcome: 'CREATED' | 'UPDATED' }
  /** The key maps to another artifact (compat: STATUS_ERROR with gRPC OK). */
  | { outcome: 'CONFLICT'; conflictReason: string };

export interface SwapKeyMappingInput {
  key: string;
  newArtifactId: string;
  expectedArtifactId: string;
  /** undefined = generation not checked (proto3 optional absent). */
  expectedGeneration: number | undefined;
  operationId: string;
}

export type SwapOutcome =
  /** The mapping moved to the new artifact; generation bumped. */
  | 'SWAPPED'
  /** The expectation held and the key already mapped to new_artifact_id: nothing written. */
  | 'UNCHANGED'
  /** The same operation_id already applied this swap: answered with the current state. */
  | 'RETRIED'
  /** The expectation did not hold: answered with the current state, nothing written. */
  | 'CAS_FAILED';

export type SwapKeyMappingResult =
  { outcome: 'NOT_FOUND' } | { outcome: SwapOutcome; artifactId: string; generation: number };

export type ResolveKeyMappingResult =
  | { found: false }
  | {
      found: true;
      artifactId: string;
      replicaUuid: string;
      daemonAddress: string;
      generation: number;
      cacheTtlSeconds: number;
    };

/** compat: how long clients may cache an immutable mapping that carries no ttl. */
export const DEFAULT_IMMUTABLE_CACHE_TTL_SECONDS = 30;
/** cache_ttl_seconds is a uint32, so a longer ttl could not be reported. */
const MAX_TTL_SECONDS = 0xffff_ffff;
const MAX_KEY_LENGTH = 1024;
// Column widths of key_mappings: refused here instead of truncated by a stricter driver.
const MAX_REPLICA_UUID_LENGTH = 64;
const MAX_DAEMON_ADDRESS_LENGTH = 255;
const MAX_OPERATION_ID_LENGTH = 255;

/**
 * Key mappings (compat): a client-chosen key names an artifact. A key is bound once
 * (UpsertKeyMapping never rebinds it) and moved only by an explicit compare-and-set
 * (SwapKeyMapping), which bumps its generation and turns it into an alias that clients cache
 * only briefly. Every change is committed through the write queue before the answer.
 */
@Injectable()
export class KeyMappingsService {
  private readonly aliasCacheTtlSeconds: number;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: CommittedReads,
    private readonly writes: WriteQueue,
    private readonly artifacts: ArtifactStore,
    private readonly catalog: CatalogService,
  ) {
    this.aliasCacheTtlSeconds = Math.ceil(config.worker_policy.key_mapping.alias_cache_ttl / 1000);
  }

  async upsertKeyMapping(input: UpsertKeyMappingInput): Promise<UpsertKeyMappingResult> {
    const key = requireMappingKey(input.key);
    const artifactId = requireNonEmpty('artifact_id', input.artifactId);
    const replicaUuid = boundedString('replica_uuid', input.replicaUuid, MAX_REPLICA_UUID_LENGTH);
    const daemonAddress = boundedString(
      'daemon_address',
      input.daemonAddress,
      MAX_DAEMON_ADDRESS_LENGTH,
    );
    const ttlMs = ttlMsOf(input.ttl);

    return this.writes.run(async (tx) => {
      const existing = await findKeyMapping(tx.manager, key);
      const now = this.clock.now();
      if (existing) {
        if (existing.artifactId !== artifactId) {
          return {
            outcome: 'CONFLICT',
            conflictReason:
              `key ${quoteClientValue(key)} is already mapped to artifact ${quoteClientValue(existing.artifactId)} ` +
              `(generation ${existing.generation}); use SwapKeyMapping to move it`,
          };
        }
        await updateKeyMappingLocation(tx, key, {
          replicaUuid,
          daemonAddress,
          ttlMs,
          updatedAt: now,
        });
        return { outcome: 'UPDATED' };
      }
      await this.requireIndexReady(tx, 'artifact_id', artifactId);
      await insertKeyMapping(tx, {
        key,
        artifactId,
        replicaUuid,
        daemonAddress,
        ttlMs,
        generation: 1,
        swapped: false,
        lastOperationId: '',
        createdAt: now,
        updatedAt: now,
      });
      return { outcome: 'CREATED' };
    });
  }

  async swapKeyMapping(input: SwapKeyMappingInput): Promise<SwapKeyMappingResult> {
    const key = requireMappingKey(input.key);
    const newArtifactId = requireNonEmpty('new_artifact_id', input.newArtifactId);
    const expectedArtifactId = requireNonEmpty('expected_artifact_id', input.expectedArtifactId);
    const operationId = boundedString('operation_id', input.operationId, MAX_OPERATION_ID_LENGTH);

    return this.writes.run(async (tx) => {
      const mapping = await findKeyMapping(tx.manager, key);
      if (!mapping) return { outcome: 'NOT_FOUND' };
      const current = (outcome: SwapOutcome): SwapKeyMappingResult => ({
        outcome,
        artifactId: mapping.artifactId,
        generation: mapping.generation,
      });

      // Only a swap writes last_operation_id, so a match means this very operation was the
      // last change to the key: a retry (say, after a lost answer) must not read as a CAS
      // failure against the state it produced itself.
      if (operationId !== '' && mapping.lastOperationId === operationId) {
        if (mapping.artifactId === newArtifactId) return current('RETRIED');
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          `operation_id: ${quoteClientValue(operationId)} already swapped key ${quoteClientValue(key)} to ${quoteClientValue(mapping.artifactId)}, ` +
            `not ${quoteClientValue(newArtifactId)}; use a new operation_id for a new swap`,
          'operation_id',
        );
      }
      const expectationHolds =
        mapping.artifactId === expectedArtifactId &&
        (input.expectedGeneration === undefined || mapping.generation === input.expectedGeneration);
      if (!expectationHolds) return current('CAS_FAILED');
      if (mapping.artifactId === newArtifactId) return current('UNCHANGED');

      await this.requireIndexReady(tx, 'new_artifact_id', newArtifactId);
      mapping.artifactId = newArtifactId;
      mapping.generation += 1;
      mapping.swapped = true;
      mapping.lastOperationId = operationId;
      // They located a replica of the previous artifact; kept, they would point at other bytes.
      mapping.replicaUuid = '';
      mapping.daemonAddress = '';
      mapping.updatedAt = this.clock.now();
      await saveKeyMapping(tx, mapping);
      return current('SWAPPED');
    });
  }

  async resolveKeyMapping(keyInput: string): Promise<ResolveKeyMappingResult> {
    const key = requireMappingKey(keyInput);
    const mapping = await this.reads.run((manager) => findKeyMapping(manager, key));
    if (!mapping) return { found: false };
    return {
      found: true,
      artifactId: mapping.artifactId,
      replicaUuid: mapping.replicaUuid,
      daemonAddress: mapping.daemonAddress,
      generation: mapping.generation,
      cacheTtlSeconds: this.cacheTtlSecondsOf(mapping),
    };
  }

  /** Returns false for an unknown key. */
  async revokeKeyMapping(keyInput: string): Promise<boolean> {
    const key = requireMappingKey(keyInput);
    return this.writes.run((tx) => deleteKeyMapping(tx, key));
  }

  /** Swapped aliases may move again, so clients re-resolve them quickly. */
  private cacheTtlSecondsOf(mapping: KeyMappingEntity): number {
    if (mapping.swapped) return this.aliasCacheTtlSeconds;
    if (mapping.ttlMs > 0) return Math.min(Math.ceil(mapping.ttlMs / 1000), MAX_TTL_SECONDS);
    return DEFAULT_IMMUTABLE_CACHE_TTL_SECONDS;
  }

  /**
   * Index-ready: the artifact is known and its tensor index bytes are stored here, so a
   * client that resolves the key can fetch the index (GetArtifactIndexById succeeds).
   */
  private async requireIndexReady(
    tx: WriteTransaction,
    field: string,
    artifactId: string,
  ): Promise<void> {
    // Through the transaction: an artifact an earlier write of the group recorded counts.
    const artifact = await this.artifacts.findArtifact(tx, artifactId);
    if (!artifact) {
      throw new DomainError(
        'ARTIFACT_NOT_INDEX_READY',
        `${field}: artifact ${quoteClientValue(artifactId)} is unknown (register it or upsert its metadata first)`,
        field,
      );
    }
    if ((await this.catalog.storedIndexKeyOf(tx.manager, artifact)) === undefined) {
      throw new DomainError(
        'ARTIFACT_NOT_INDEX_READY',
        `${field}: artifact ${quoteClientValue(artifactId)} has no stored tensor index ` +
          '(upload it with UpsertArtifactMetadata canonical_index_data or RegisterReplica tensor_index_data)',
        field,
      );
    }
  }
}

/** Keys are taken verbatim (two keys differing only in spaces are two keys), never blank. */
function requireMappingKey(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('key', 'is required');
  if (value.length > MAX_KEY_LENGTH) {
    throw new InvalidArgumentError('key', `is longer than ${MAX_KEY_LENGTH} characters`);
  }
  return value;
}

function boundedString(field: string, value: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length > maxLength) {
    throw new InvalidArgumentError(field, `is longer than ${maxLength} characters`);
  }
  return trimmed;
}

/** 0 when no ttl (or a zero one) is given; sub-millisecond remainders round up. */
function ttlMsOf(ttl: DurationValue | null): number {
  if (!ttl) return 0;
  const seconds = Number(ttl.seconds);
  const nanos = ttl.nanos;
  if (!Number.isSafeInteger(seconds) || seconds < 0 || !Number.isInteger(nanos) || nanos < 0) {
    throw new InvalidArgumentError(
      'ttl',
      `must be a non-negative duration (got ${String(ttl.seconds)}s ${nanos}ns)`,
    );
  }
  if (nanos > 999_999_999) {
    throw new InvalidArgumentError('ttl', `nanos must be below 1e9 (got ${nanos})`);
  }
  if (seconds >= MAX_TTL_SECONDS) {
    throw new InvalidArgumentError('ttl', `must be below ${MAX_TTL_SECONDS}s (got ${seconds}s)`);
  }
  return seconds * 1000 + Math.ceil(nanos / 1_000_000);
}
