import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../../common/src';
import { WriteTransaction, insertRows } from '../../persistence/src';
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

/** Ids per IN (...) list: under 999 bound parameters, the lowest driver limit. */
const ARTIFACT_CHUNK = 900;

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
 * Artifact rows and content-addressed tensor indexes. Shared by RegisterReplica,
 * UpsertArtifactMetadata and registration commits, always inside the caller's transaction.
 */
@Injectable()
export class ArtifactStore {
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
    return rows.length > 0 ? artifactFromRow(rows[0]) : null;
  }

  /**
   * Records the artifact in ONE statement, without reading it first, for callers that do not
   * need the row back (RegisterReplica): an INSERT whose conflict arm keeps every stored
   * field the input leaves empty, exactly as upsertArtifact merges them ('' / 0 / null keep
   * what is stored; created_at is kept; updated_at is now). Standard UPSERT, the same text on
   * SQLite (3.24+) and PostgreSQL.
   */
  async recordArtifact(tx: WriteTransaction, input: ArtifactUpsert): Promise<void> {
    const now = this.clock.now();
    const driver = tx.manager.connection.driver;
    const values: unknown[] = [
      input.artifactId,
      input.indexMultihash || '',
      input.dataMultihash || '',
      input.schemaVersion || '',
      input.encoding || '',
      input.totalSize || 0,
      input.idKind || 0,
      input.tensorIndexKey || null,
      now,
      now,
    ];
    const marks = values.map((_, i) => driver.createParameter(`p${i}`, i));
    const keepText = (c: string) =>
      `${c} = CASE WHEN excluded.${c} = '' THEN artifacts.${c} ELSE excluded.${c} END`;
    const keepNumber = (c: string) =>
      `${c} = CASE WHEN excluded.${c} = 0 THEN artifacts.${c} ELSE excluded.${c} END`;
    await tx.manager.query(
      `INSERT INTO artifacts (${ARTIFACT_COLUMNS.join(', ')}) VALUES (${marks.join(', ')}) ` +
        `ON CONFLICT (artifact_id) DO UPDATE SET ` +
        [
          keepText('index_multihash'),
          keepText('data_multihash'),
          keepText('schema_version'),
          keepText('encoding'),
          keepNumber('total_size'),
          keepNumber('id_kind'),
          'tensor_index_key = COALESCE(excluded.tensor_index_key, artifacts.tensor_index_key)',
          'updated_at = excluded.updated_at',
        ].join(', '),
      values,
    );
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
    // insert/update rather than save(): save() would first look the row up again.
    if (existing) {
      const { artifactId, ...fields } = artifact;
      await tx.manager.update(ArtifactEntity, { artifactId }, fields);
    } else {
      await tx.manager.insert(ArtifactEntity, artifact);
    }
    return { artifact, created: existing === null };
  }

  /**
   * Records every artifact of the list that is not recorded yet, with an empty descriptor
   * (reconcile: an added replica records its artifact). Set-based: one SELECT and one
   * multi-row INSERT per chunk, whatever the list's length.
   */
  async ensureArtifacts(tx: WriteTransaction, artifactIds: readonly string[]): Promise<number> {
    const now = this.clock.now();
    let created = 0;
    for (let i = 0; i < artifactIds.length; i += ARTIFACT_CHUNK) {
      const ids = artifactIds.slice(i, i + ARTIFACT_CHUNK);
      const rows: { artifact_id: string }[] = await tx.manager
        .createQueryBuilder(ArtifactEntity, 'a')
        .select('a.artifactId', 'artifact_id')
        .where('a.artifactId IN (:...ids)', { ids })
        .getRawMany();
      const known = new Set(rows.map((row) => row.artifact_id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length === 0) continue;
      await insertRows(
        tx.manager,
        'artifacts',
        ARTIFACT_COLUMNS,
        missing.map((artifactId) => [artifactId, '', '', '', '', 0, 0, null, now, now]),
      );
      created += missing.length;
    }
    return created;
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
