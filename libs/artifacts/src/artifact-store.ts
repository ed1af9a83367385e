import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../../common/src';
import { GroupParticipant, WriteTransaction, insertRows } from '../../persistence/src';
import { ArtifactEntity } from './artifact.entity';
import { sha256 } from './multihash';
import { TensorIndexEntity } from './tensor-index.entity';

/** The artifacts table's columns, in the entity's order. */
const ARTIFACT_COLUMNS = [
  'artifact_id',
  'index_multihash',
  'data_multihash',
  'schema_version',
  'encoding',
  'total_size',
  'id_kind',
  'tensor_index_key',
  'created_at',
  'updated_at',
] as const;

interface RawArtifactRow {
  artifact_id: string;
  index_multihash: string;
  data_multihash: string;
  schema_version: string;
  encoding: string;
  /** bigint: a number on SQLite, a string on PostgreSQL. */
  total_size: number | string;
  id_kind: number;
  tensor_index_key: string | null;
  created_at: number | string;
  updated_at: number | string;
}

function artifactFromRow(row: RawArtifactRow): ArtifactEntity {
  return Object.assign(new ArtifactEntity(), {
    artifactId: row.artifact_id,
    indexMultihash: row.index_multihash,
    dataMultihash: row.data_multihash,
    schemaVersion: row.schema_version,
    encoding: row.encoding,
    totalSize: Number(row.total_size),
    idKind: Number(row.id_kind),
    tensorIndexKey: row.tensor_index_key,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });
}

/** Descriptor fields to record for an artifact; empty / undefined fields keep what is stored. */
export interface ArtifactUpsert {
  artifactId: string;
  indexMultihash?: string;
  dataMultihash?: string;
  schemaVersion?: string;
  encoding?: string;
  totalSize?: number;
  idKind?: number;
  tensorIndexKey?: string | null;
}

/**
 * Where a read runs: the caller's queued write (its transaction) or a committed-read
 * snapshot. Either way the query is this store's.
 */
export type ArtifactReader = WriteTransaction | EntityManager;

function managerOf(on: ArtifactReader): EntityManager {
  return 'afterCommit' in on ? on.manager : on;
}

/**
 * An artifact a commit group records, merged over every write of the group that named it:
 * `upsert` is undefined while the group only needs the artifact to exist (reconcile).
 */
interface StagedArtifact {
  upsert: ArtifactUpsert | undefined;
  /** When the group first named it (created_at of a new row) and last changed it. */
  firstAt: number;
  lastAt: number;
}

/** The artifacts a commit group records, by id; written set-based just before COMMIT. */
export class StagedArtifacts {
  readonly byId = new Map<string, StagedArtifact>();
}

/** b applied after a: each field b leaves empty keeps a's, as the stored row's UPSERT does. */
function mergeUpserts(a: ArtifactUpsert | undefined, b: ArtifactUpsert): ArtifactUpsert {
  if (a === undefined) return b;
  return {
    artifactId: b.artifactId,
    indexMultihash: b.indexMultihash || a.indexMultihash,
    dataMultihash: b.dataMultihash || a.dataMultihash,
    schemaVersion: b.schemaVersion || a.schemaVersion,
    encoding: b.encoding || a.encoding,
    totalSize: b.totalSize || a.totalSize,
    idKind: b.idKind || a.idKind,
    tensorIndexKey: b.tensorIndexKey || a.tensorIndexKey,
  };
}

/** The row as it reads once the staged change is applied (null row: not stored yet). */
function withStaged(
  artifactId: string,
  row: ArtifactEntity | null,
  staged: StagedArtifact,
): ArtifactEntity {
  const artifact =
    row ??
    Object.assign(new ArtifactEntity(), {
      artifactId,
      indexMultihash: '',
      dataMultihash: '',
      schemaVersion: '',
      encoding: '',
      totalSize: 0,
      idKind: 0,
      tensorIndexKey: null,
      createdAt: staged.firstAt,
      updatedAt: staged.lastAt,
    });
  const upsert = staged.upsert;
  if (upsert === undefined) return artifact;
  return Object.assign(new ArtifactEntity(), artifact, mergeUpserts(artifact, upsert), {
    artifactId,
    updatedAt: staged.lastAt,
  });
}

const KEEP_TEXT = (c: string) =>
  `${c} = CASE WHEN excluded.${c} = '' THEN artifacts.${c} ELSE excluded.${c} END`;
const KEEP_NUMBER = (c: string) =>
  `${c} = CASE WHEN excluded.${c} = 0 THEN artifacts.${c} ELSE excluded.${c} END`;

/**
 * The conflict arm of a recorded artifact: every stored field the input leaves empty is
 * kept ('' / 0 / null keep what is stored; created_at is kept; updated_at is now), exactly
 * as upsertArtifact merges them. Standard UPSERT, the same text on SQLite (3.24+) and
 * PostgreSQL.
 */
const RECORD_ON_CONFLICT =
  'ON CONFLICT (artifact_id) DO UPDATE SET ' +
  [
    KEEP_TEXT('index_multihash'),
    KEEP_TEXT('data_multihash'),
    KEEP_TEXT('schema_version'),
    KEEP_TEXT('encoding'),
    KEEP_NUMBER('total_size'),
    KEEP_NUMBER('id_kind'),
    'tensor_index_key = COALESCE(excluded.tensor_index_key, artifacts.tensor_index_key)',
    'updated_at = excluded.updated_at',
  ].join(', ');

/** upsertArtifact's row replaces the stored one whole (it was merged over it already). */
const REPLACE_ON_CONFLICT =
  'ON CONFLICT (artifact_id) DO UPDATE SET ' +
  ARTIFACT_COLUMNS.filter((c) => c !== 'artifact_id' && c !== 'created_at')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');

/**
 * Artifact rows and content-addressed tensor indexes. Shared by RegisterReplica,
 * UpsertArtifactMetadata and registration commits, always inside the caller's transaction.
 */
@Injectable()
export class ArtifactStore implements GroupParticipant<StagedArtifacts> {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /**
   * The stored row, read with plain SQL: TypeORM's findOneBy builds, escapes and hydrates
   * through its query builder, which cost more CPU than the read itself on the
   * RegisterReplica path (profile in docs/benchmarks.md, "Per-RPC server paths").
   */
  async findArtifact(on: ArtifactReader, artifactId: string): Promise<ArtifactEntity | null> {
    const manager = managerOf(on);
    const driver = manager.connection.driver;
    const rows: RawArtifactRow[] = await manager.query(
      `SELECT ${ARTIFACT_COLUMNS.join(', ')} FROM artifacts WHERE artifact_id = ${driver.createParameter('id', 0)}`,
      [artifactId],
    );
    const row = rows.length > 0 ? artifactFromRow(rows[0]) : null;
    // A write sees what earlier writes of its commit group recorded, not yet written.
    const staged = 'afterCommit' in on ? this.stagedOf(on).byId.get(artifactId) : undefined;
    return staged ? withStaged(artifactId, row, staged) : row;
  }

  /**
   * Records the artifact with the commit group, without reading it (RegisterReplica): the
   * group writes every artifact its writes recorded in one multi-row UPSERT before COMMIT,
   * whose conflict arm keeps every stored field the input leaves empty (RECORD_ON_CONFLICT).
   * Runs no SQL, so a runStaged write may call it; undone if the write rolls back.
   */
  recordArtifact(tx: WriteTransaction, input: ArtifactUpsert): void {
    const staged = this.stagedOf(tx);
    const before = staged.byId.get(input.artifactId);
    const now = this.clock.now();
    staged.byId.set(input.artifactId, {
      upsert: mergeUpserts(before?.upsert, input),
      firstAt: before?.firstAt ?? now,
      lastAt: now,
    });
    tx.onRollback(() => restore(staged, input.artifactId, before));
  }

  /**
   * `known` is the row as the caller already read it in this transaction (null: absent), so
   * the artifact is not read twice.
   */
  async upsertArtifact(
    tx: WriteTransaction,
    input: ArtifactUpsert,
    known?: ArtifactEntity | null,
  ): Promise<{ artifact: ArtifactEntity; created: boolean }> {
    const now = this.clock.now();
    const existing = known === undefined ? await this.findArtifact(tx, input.artifactId) : known;
    // What the group had staged for this artifact is folded into `existing` (findArtifact
    // reads through it) and written by this statement instead.
    const staged = this.stagedOf(tx);
    const stagedBefore = staged.byId.get(input.artifactId);
    const artifact =
      existing ??
      Object.assign(new ArtifactEntity(), {
        artifactId: input.artifactId,
        indexMultihash: '',
        dataMultihash: '',
        schemaVersion: '',
        encoding: '',
        totalSize: 0,
        idKind: 0,
        tensorIndexKey: null,
        createdAt: now,
      });
    const keep = <T>(next: T | undefined | null, current: T): T =>
      next === undefined || next === null || next === '' || next === 0 ? current : next;
    artifact.indexMultihash = keep(input.indexMultihash, artifact.indexMultihash);
    artifact.dataMultihash = keep(input.dataMultihash, artifact.dataMultihash);
    artifact.schemaVersion = keep(input.schemaVersion, artifact.schemaVersion);
    artifact.encoding = keep(input.encoding, artifact.encoding);
    artifact.totalSize = keep(input.totalSize, artifact.totalSize);
    artifact.idKind = keep(input.idKind, artifact.idKind);
    artifact.tensorIndexKey = keep(input.tensorIndexKey, artifact.tensorIndexKey);
    artifact.updatedAt = now;
    if (stagedBefore) {
      // The row may exist only in the group's staging: one UPSERT replaces it either way.
      await writeArtifactRows(tx.manager, [rowOf(artifact)], REPLACE_ON_CONFLICT);
      staged.byId.delete(input.artifactId);
      tx.onRollback(() => restore(staged, input.artifactId, stagedBefore));
    } else if (existing) {
      // insert/update rather than save(): save() would first look the row up again.
      const { artifactId, ...fields } = artifact;
      await tx.manager.update(ArtifactEntity, { artifactId }, fields);
    } else {
      await tx.manager.insert(ArtifactEntity, artifact);
    }
    return { artifact, created: existing === null };
  }

  /**
   * Records every artifact of the list that is not recorded yet, with an empty descriptor
   * (reconcile: an added replica records its artifact). Staged with the commit group, whose
   * write is one multi-row INSERT ... ON CONFLICT DO NOTHING per chunk: no SELECT first, and
   * artifacts already recorded are left as they are. Runs no SQL; undone on rollback.
   */
  ensureArtifacts(tx: WriteTransaction, artifactIds: readonly string[]): void {
    const staged = this.stagedOf(tx);
    const now = this.clock.now();
    const added: string[] = [];
    for (const artifactId of artifactIds) {
      if (staged.byId.has(artifactId)) continue;
      staged.byId.set(artifactId, { upsert: undefined, firstAt: now, lastAt: now });
      added.push(artifactId);
    }
    if (added.length > 0) tx.onRollback(() => added.forEach((id) => staged.byId.delete(id)));
  }

  // GroupParticipant: the group's recorded artifacts reach the disk in set-based statements.

  createGroupState(): StagedArtifacts {
    return new StagedArtifacts();
  }

  async beforeCommit(manager: EntityManager, state: StagedArtifacts): Promise<void> {
    if (state.byId.size === 0) return;
    const recorded: unknown[][] = [];
    const ensured: unknown[][] = [];
    for (const [artifactId, staged] of state.byId) {
      const u = staged.upsert;
      if (u === undefined) {
        ensured.push([artifactId, '', '', '', '', 0, 0, null, staged.firstAt, staged.lastAt]);
        continue;
      }
      recorded.push([
        artifactId,
        u.indexMultihash || '',
        u.dataMultihash || '',
        u.schemaVersion || '',
        u.encoding || '',
        u.totalSize || 0,
        u.idKind || 0,
        u.tensorIndexKey || null,
        staged.firstAt,
        staged.lastAt,
      ]);
    }
    await writeArtifactRows(manager, recorded, RECORD_ON_CONFLICT);
    await writeArtifactRows(manager, ensured, 'ON CONFLICT (artifact_id) DO NOTHING');
  }

  afterCommit(): void {
    // Nothing to publish: artifact reads go to the database.
  }

  private stagedOf(tx: WriteTransaction): StagedArtifacts {
    return tx.group.stateOf<StagedArtifacts>(this);
  }

  /** Stores index bytes under their sha256 hex (idempotent) and returns that key. */
  async storeTensorIndex(
    tx: WriteTransaction,
    data: Buffer,
    encoding: string,
    schemaVersion: string,
  ): Promise<string> {
    const key = sha256(data).toString('hex');
    const exists = await tx.manager.existsBy(TensorIndexEntity, { tensorIndexKey: key });
    if (!exists) {
      await tx.manager.insert(TensorIndexEntity, {
        tensorIndexKey: key,
        indexData: data,
        encoding,
        schemaVersion,
        createdAt: this.clock.now(),
      });
    }
    return key;
  }

  findTensorIndex(on: ArtifactReader, key: string): Promise<TensorIndexEntity | null> {
    return managerOf(on).findOneBy(TensorIndexEntity, { tensorIndexKey: key });
  }

  tensorIndexExists(on: ArtifactReader, key: string): Promise<boolean> {
    return managerOf(on).existsBy(TensorIndexEntity, { tensorIndexKey: key });
  }

  /** Only the descriptor fields: the index bytes themselves can be megabytes. */
  findTensorIndexDescriptor(
    on: ArtifactReader,
    key: string,
  ): Promise<Pick<TensorIndexEntity, 'tensorIndexKey' | 'encoding' | 'schemaVersion'> | null> {
    return managerOf(on).findOne(TensorIndexEntity, {
      where: { tensorIndexKey: key },
      select: { tensorIndexKey: true, encoding: true, schemaVersion: true },
    });
  }
}

function restore(
  staged: StagedArtifacts,
  artifactId: string,
  before: StagedArtifact | undefined,
): void {
  if (before) staged.byId.set(artifactId, before);
  else staged.byId.delete(artifactId);
}

/** The entity's values in ARTIFACT_COLUMNS order. */
function rowOf(a: ArtifactEntity): unknown[] {
  return [
    a.artifactId,
    a.indexMultihash,
    a.dataMultihash,
    a.schemaVersion,
    a.encoding,
    a.totalSize,
    a.idKind,
    a.tensorIndexKey,
    a.createdAt,
    a.updatedAt,
  ];
}

/** Multi-row INSERTs of artifact rows (ARTIFACT_COLUMNS order) with a conflict arm. */
function writeArtifactRows(
  manager: EntityManager,
  rows: readonly unknown[][],
  onConflict: string,
): Promise<void> {
  return insertRows(manager, 'artifacts', ARTIFACT_COLUMNS, rows, onConflict);
}
