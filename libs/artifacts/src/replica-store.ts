import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../../common/src';
import {
  CommittedReads,
  GroupParticipant,
  ServerMetaService,
  StoredServerMeta,
  WriteQueue,
  WriteTransaction,
  insertRows,
  runForIds,
} from '../../persistence/src';
import { WorkerInventory, WorkersService } from '../../workers/src';
import { memoryInfoExtra } from './memory-info-extra';
import {
  isReplicaImageOrAbsent,
  readReplicaImage,
  replicaImagePath,
  writeReplicaImage,
} from './replica-image';
import { MEMORY_TYPE_NUMBER, MemoryTier, ReplicaEntity } from './replica.entity';
import { WorkerChecksums } from './worker-checksums';
import {
  LOCATION_SEPARATOR,
  ReplicaChanges,
  ReplicaIdentity,
  ReplicaIndex,
  ReplicaNumbers,
  ReplicaRecord,
  StoredReplica,
  memoryExtraOf,
  withChanges,
  compareForWorkerListing,
} from './replica-index';

export {
  ReplicaIdentity,
  ReplicaRecord,
  checksumOfReplicas,
  toChecksumReplica,
} from './replica-index';

/** Everything needed to create or refresh one replica row. */
export interface ReplicaUpsert {
  artifactId: string;
  workerId: string;
  viewId: string;
  nodeId: string;
  nodeAddress: string;
  nodePort: number;
  memoryTier: MemoryTier;
  deviceId: number;
  memorySize: number;
  maxConcurrency: number;
  /** The MemoryInfo in wire shape (proto field names), stored for round-tripping. */
  memoryInfo: Record<string, unknown>;
  /** Defaults to true: registering a replica makes it available. */
  available?: boolean;
}

export interface ReplicaUpsertResult {
  replica: ReplicaRecord;
  /** True when a row with this identity already existed (its replica_id was kept). */
  existed: boolean;
  /** The worker that held the row before, when it existed (differs if the replica moved). */
  previousWorkerId?: string;
}

/** Rows read per query at recovery: bounds the driver's result array, not the total. */
const RECOVERY_PAGE = 20_000;

/** Columns a grouped UPDATE may set; any other difference rewrites the row. */
const CHEAP_COLUMN_NAMES = {
  available: 'available',
  updatedAt: 'updated_at',
  workerId: 'worker_id',
  currentRequests: 'current_requests',
} as const;
const CHEAP_COLUMNS = Object.keys(CHEAP_COLUMN_NAMES) as (keyof typeof CHEAP_COLUMN_NAMES)[];

/**
 * Told about replica changes by the ReplicaStore, for modules whose state follows replicas
 * (the chunk directory, transports and drains) without owning or re-reading the table.
 */
export interface ReplicaLifecycleListener {
  /** Inside the transaction that deletes the replica (staged): clean up in the same commit. */
  replicaDeleting?(tx: WriteTransaction, replica: Readonly<ReplicaRecord>): Promise<void>;
  /** After the commit that deleted it. */
  replicaDeleted?(replica: Readonly<ReplicaRecord>): void;
  /** After a commit that created or changed the replica (availability, load, worker). */
  replicaChanged?(replica: Readonly<ReplicaRecord>): void;
}

/**
 * The owner of replicas: the table, the committed in-memory index every read is answered
 * from, and each worker's state checksum. Writes (RegisterReplica, registration commits,
 * reconcile, worker lifecycle) stage their changes in their commit group's ReplicaChanges;
 * the group writes them with a few set-based statements and computes each touched worker's
 * checksum once, from memory, just before COMMIT; the index follows after COMMIT, so no
 * reader ever sees uncommitted replicas.
 *
 * After a restart every replica is unavailable in memory at once, but its row may still say
 * available until its worker is *settled*: the rows memory holds as unavailable are written
 * so, and the worker's checksum stored, in one transaction (so the file never holds a
 * checksum that disagrees with its rows). A worker is settled by the first commit group that
 * stores its checksum, or else by the background settlement after SERVING
 * (RecoveredReplicaSettlement); server_meta says so meanwhile, for readers of the file.
 */
@Injectable()
export class ReplicaStore
  implements WorkerInventory, OnModuleInit, GroupParticipant<ReplicaChanges>
{
  private readonly index = new ReplicaIndex();
  private readonly checksums = new WorkerChecksums(this.index);
  /** Recovered workers whose rows may still say available from before the restart. */
  private readonly unsettled = new Set<string>();
  /** Whether server_meta says the rows are unsettled (REPLICA_AVAILABILITY_UNSETTLED). */
  private flaggedUnsettled = false;
  private readonly pool = new Map<string, string>();
  private readonly listeners: ReplicaLifecycleListener[] = [];
  /** Rows read per query at recovery (a spec lowers it to cross page boundaries). */
  recoveryPageRows = RECOVERY_PAGE;
  /**
   * Whether recovery may load the restart image (replica-image.ts) when server_meta names
   * it, and a clean shutdown writes one; a spec turns it off to read the table.
   */
  restartImage = true;
  /** Set once recovery has filled the index: only then is it worth an image. */
  private recovered = false;
  /** Where the last recovery read the replicas from. */
  recoveredFrom: 'image' | 'table' | undefined;
  private readonly logger = new Logger('ReplicaStore');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly reads: CommittedReads,
    private readonly workers: WorkersService,
    private readonly meta: ServerMetaService,
  ) {}

  onModuleInit(): void {
    this.workers.attachInventory(this);
    this.writes.onClose((manager) => this.saveImage(manager));
  }

  /**
   * The restart image's file: next to an SQLite database file (an in-memory database has
   * nothing to restart from; on PostgreSQL the standby that takes over has no file of ours).
   */
  private get imagePath(): string | undefined {
    const { options } = this.dataSource;
    if (options.type !== 'sqlite' || options.database === ':memory:') return undefined;
    return replicaImagePath(options.database);
  }

  /** The schema's last migration: an image written under another one is not used. */
  private get schema(): string {
    const last = this.dataSource.migrations.at(-1);
    return last?.name ?? last?.constructor.name ?? '';
  }

  /** The committed replicas (reads: listings, counts, GetArtifactInfoById, metrics). */
  get committed(): ReplicaIndex {
    return this.index;
  }

  /**
   * Startup: every replica is unavailable until its worker re-confirms it (RegisterReplica
   * or reconcile). Memory says so at once; the rows are settled after SERVING (see the class
   * comment), and server_meta says so before SERVING (written once the first page shows
   * there are rows, unless it still says so from an earlier start). The rows are read
   * (RecoveryRow) in pages of RECOVERY_PAGE straight into the index's columns on a
   * committed-read connection (on a database file that write and the reads run side by
   * side; the next page is fetched while one is indexed). No checksum is computed here: each
   * is computed from memory when first asked for (WorkerChecksums).
   */
  async recover(): Promise<{ replicas: number; workers: number }> {
    this.recovered = false;
    const flagged = this.reads.run((manager) =>
      new StoredServerMeta(manager).replicaAvailabilityUnsettled(),
    );
    flagged.catch(() => undefined);
    this.index.clear();
    this.checksums.clear();
    this.unsettled.clear();
    // server_meta names the image only while the rows are those it was written from: the
    // first change to them removes the name in its own transaction (a trigger, see
    // ReplicaImageTrigger1767200000000), whoever makes it.
    const imageId =
      this.imagePath === undefined
        ? ''
        : await this.reads.run((manager) => new StoredServerMeta(manager).replicaImageId());
    const fromImage = imageId !== '' && (await this.loadImage(imageId));
    this.recoveredFrom = fromImage ? 'image' : 'table';
    const marking = fromImage
      ? this.index.size > 0 && !(await flagged)
        ? this.writes.run((tx) => this.meta.markReplicaAvailabilityUnsettled(tx))
        : undefined
      : (await this.readRows(flagged)).marking;
    await marking;
    this.flaggedUnsettled = marking !== undefined || (await flagged);
    for (const workerId of this.index.workerIds()) this.unsettled.add(workerId);
    this.checksums.computeLater(this.unsettled);
    this.recovered = true;
    return { replicas: this.index.size, workers: this.unsettled.size };
  }

  /**
   * Loads the restart image server_meta names (imageId), when it is there, whole, of this
   * schema and as many replicas as the table holds; false (logged, the index empty) when not.
   */
  private async loadImage(imageId: string): Promise<boolean> {
    const path = this.imagePath;
    if (!this.restartImage || path === undefined) return false;
    const started = performance.now();
    const counting = this.countRows();
    const image = readReplicaImage(path);
    const count = await counting;
    const unusable =
      typeof image === 'string'
        ? image
        : image.imageId !== imageId
          ? `it is image ${image.imageId}, the database names ${imageId}`
          : image.schema !== this.schema
            ? `it was written under schema ${image.schema}, this one is ${this.schema}`
            : image.columns.count !== count
              ? `it holds ${image.columns.count} replicas, the table ${count}`
              : undefined;
    if (typeof image !== 'string' && unusable === undefined) {
      try {
        this.index.loadColumns(image.columns);
        this.logger.log(
          `loaded ${count} replica(s) from the restart image ${path} in ` +
            `${Math.round(performance.now() - started)} ms`,
        );
        return true;
      } catch (error) {
        this.logger.warn(
          `the restart image ${path} was not used (${error instanceof Error ? error.message : String(error)}); reading the replicas table`,
        );
        return false;
      }
    }
    this.logger.warn(
      `the restart image ${path} was not used (${unusable}); reading the replicas table`,
    );
    return false;
  }

  /**
   * A clean shutdown, once the last write committed: the index goes to the restart image,
   * then server_meta names it. A failure leaves no name, so the next start reads the table.
   */
  private async saveImage(manager: EntityManager): Promise<void> {
    const path = this.imagePath;
    if (!this.restartImage || path === undefined || !this.recovered) return;
    if (!isReplicaImageOrAbsent(path)) {
      this.logger.warn(
        `${path} is not a restart image of ours; it is left alone and none is written`,
      );
      return;
    }
    const started = performance.now();
    const imageId = randomUUID();
    const bytes = writeReplicaImage(path, imageId, this.schema, this.index.columns());
    await this.meta.recordReplicaImage(manager, imageId);
    this.logger.log(
      `wrote the restart image of ${this.index.size} replica(s) to ${path} ` +
        `(${(bytes / 1048576).toFixed(1)} MiB) in ${Math.round(performance.now() - started)} ms`,
    );
  }

  /**
   * Recovery from the table (no usable image): the rows in pages; answers the write that
   * marks them unsettled, if one was needed.
   */
  private async readRows(flagged: Promise<boolean>): Promise<{ marking?: Promise<void> }> {
    let marking: Promise<void> | undefined;
    const driver = this.dataSource.driver;
    const select = `SELECT replica_id AS i, artifact_id AS a, memory_extra AS x, ${PACKED_REST} AS r
      FROM replicas`;
    const workerId = driver.createParameter('workerId', 0);
    const limit = Math.max(1, Math.floor(this.recoveryPageRows));
    // Rows in worker order, as ix_replicas_worker holds them (no sort): a worker's rows share
    // their location, so the index looks each up once per worker, not once per row, and
    // SQLite reads the table about in rowid order instead of at random through the primary
    // key. Pages are ranges of worker ids (see RecoveryPage).
    const readPage = (from: RecoveryPage): Promise<RecoveryRow[]> =>
      this.reads.run((manager) =>
        from.op === 'first'
          ? manager.query(`${select} ORDER BY worker_id LIMIT ${limit}`)
          : from.op === '='
            ? manager.query(`${select} WHERE worker_id = ${workerId}`, [from.workerId])
            : manager.query(
                `${select} WHERE worker_id ${from.op} ${workerId} ORDER BY worker_id LIMIT ${limit}`,
                [from.workerId],
              ),
      );
    const counting = this.countRows();
    const numbers = new PackedNumbers();
    let from: RecoveryPage | undefined = { op: 'first' };
    let page: Promise<RecoveryRow[]> | undefined = readPage(from);
    page.catch(() => undefined);
    this.index.reserve(await counting);
    while (page && from) {
      const rows: RecoveryRow[] = await page;
      if (marking === undefined && rows.length > 0 && !(await flagged)) {
        marking = this.writes.run((tx) => this.meta.markReplicaAvailabilityUnsettled(tx));
        // Awaited below; a failure must not surface as an unhandled rejection meanwhile.
        marking.catch(() => undefined);
      }
      from = await this.nextPage(from, rows);
      page = from && readPage(from);
      page?.catch(() => undefined);
      for (const { i, a, x, r } of rows) {
        const locationEnd = numbers.read(r);
        if (locationEnd >= 0 && this.index.load(i, a, r, numbers, extraText(x), locationEnd)) {
          continue;
        }
        const replica = await this.readRecordById(i);
        if (replica) this.index.put(replica.replicaId, replica);
      }
    }
    this.index.trimToSize();
    return { marking };
  }

  private countRows(): Promise<number> {
    return this.reads.run(async (manager) => {
      const rows: { n: number | string }[] = await manager.query(
        'SELECT COUNT(*) AS n FROM replicas',
      );
      return Number(rows[0].n);
    });
  }

  /** Recovered workers not settled yet (see the class comment). */
  unsettledWorkers(): string[] {
    return [...this.unsettled];
  }

  /** How many replicas the worker holds (committed): the settlement's batch sizing. */
  committedCountOfWorker(workerId: string): number {
    return this.index.countOfWorker(workerId);
  }

  /**
   * Settles these recovered workers in one commit group: their rows memory holds as
   * unavailable are written so and their checksums stored (beforeCommit does both for every
   * worker whose checksum the group stores). A worker the group changes anyway gets the
   * group's own checksum instead of the committed one set here.
   */
  settleRecoveredWorkers(workerIds: readonly string[]): Promise<void> {
    return this.writes.run((tx) => {
      const changes = this.changesOf(tx);
      for (const workerId of workerIds) {
        if (!this.unsettled.has(workerId) || changes.checksums.has(workerId)) continue;
        changes.checksums.set(workerId, this.checksums.of(workerId));
      }
      return Promise.resolve();
    });
  }

  /**
   * Once every recovered worker is settled: stores the checksum of any worker (one without
   * replicas, say) whose stored one still differs from memory's, and clears the
   * unsettled-availability fact. False (nothing written) while a worker is still unsettled.
   */
  async finishSettlement(): Promise<boolean> {
    if (this.unsettled.size > 0) return false;
    const checksumOf = (id: string) => this.checksums.of(id);
    // An empty or already settled database: nothing to write.
    if (
      !this.flaggedUnsettled &&
      this.workers.workersWithChecksumOtherThan(checksumOf).size === 0
    ) {
      return true;
    }
    return this.writes.run(async (tx) => {
      if (this.unsettled.size > 0) return false;
      const changes = this.changesOf(tx);
      const differing = this.workers.workersWithChecksumOtherThan(checksumOf);
      for (const [workerId, checksum] of differing) {
        if (!changes.checksums.has(workerId)) changes.checksums.set(workerId, checksum);
      }
      await this.meta.markReplicaAvailabilitySettled(tx);
      tx.afterCommit(() => (this.flaggedUnsettled = false));
      return true;
    });
  }

  addLifecycleListener(listener: ReplicaLifecycleListener): void {
    this.listeners.push(listener);
  }

  holds(workerId: string, artifactId: string): boolean {
    return this.index.holds(workerId, artifactId);
  }

  /** The committed checksum: what heartbeats compare with the daemon's. */
  stateChecksumOf(workerId: string): string {
    return this.checksums.of(workerId);
  }

  hasReplicas(tx: WriteTransaction, workerId: string): boolean {
    return this.changesOf(tx).ofWorker(workerId).length > 0;
  }

  /** Recomputes and stores the worker's checksum at the end of this commit group. */
  touchWorker(tx: WriteTransaction, workerId: string): void {
    this.changesOf(tx).dirtyWorkers.add(workerId);
  }

  markWorkerReplicasUnavailable(tx: WriteTransaction, workerId: string): Promise<number> {
    const changes = this.changesOf(tx);
    const now = this.clock.now();
    let marked = 0;
    for (const replica of changes.ofWorker(workerId)) {
      if (!replica.available) continue;
      this.stage(tx, changes, withChanges(replica, { available: false, updatedAt: now }));
      marked += 1;
    }
    return Promise.resolve(marked);
  }

  moveReplicas(tx: WriteTransaction, fromWorkerId: string, toWorkerId: string): Promise<number> {
    const changes = this.changesOf(tx);
    const now = this.clock.now();
    const moving = changes.ofWorker(fromWorkerId);
    for (const replica of moving) {
      this.stage(tx, changes, withChanges(replica, { workerId: toWorkerId, updatedAt: now }));
    }
    return Promise.resolve(moving.length);
  }

  /**
   * Recovery: the page after these rows, undefined after the last. A full page may end inside
   * its last worker's rows: the next one starts at that worker again (its rows read twice
   * are held once, by replica id), or, when the whole page is that worker's, reads all of
   * that worker's rows and then goes on after it.
   */
  private async nextPage(
    read: RecoveryPage,
    rows: readonly RecoveryRow[],
  ): Promise<RecoveryPage | undefined> {
    if (read.op === '=') return { op: '>', workerId: read.workerId };
    if (rows.length < this.recoveryPageRows) return undefined;
    const last = await this.workerIdOfRow(rows[rows.length - 1]);
    if ((await this.workerIdOfRow(rows[0])) === last) return { op: '=', workerId: last };
    return { op: '>=', workerId: last };
  }

  /** The packed text's first field, unless an id holds the separator: then read again. */
  private async workerIdOfRow(row: RecoveryRow): Promise<string> {
    const fields = row.r.split(LOCATION_SEPARATOR);
    if (fields.length === 5 + PACKED_NUMBER_COLUMNS.length) return fields[0];
    return (await this.readRecordById(row.i))?.workerId ?? '';
  }

  /** Recovery: a row whose text columns hold the packing separator, read column by column. */
  private async readRecordById(replicaId: string): Promise<ReplicaRecord | undefined> {
    const row: RawReplicaRow | undefined = await this.dataSource
      .createQueryBuilder()
      .select(RAW_COLUMNS.map((c) => `r.${c} AS ${c}`))
      .from(ReplicaEntity, 'r')
      .where('r.replica_id = :replicaId', { replicaId })
      .getRawOne();
    if (!row) return undefined;
    return withChanges(
      recordFromRaw(row, (text) => this.shared(text)),
      { available: false },
    );
  }

  /** The worker's replicas as this transaction sees them, in listing order. */
  replicasOfWorker(tx: WriteTransaction, workerId: string): ReplicaRecord[] {
    return this.changesOf(tx).ofWorker(workerId).sort(compareForWorkerListing);
  }

  /**
   * The worker's rows as stored, read from the database: for checks that what memory holds
   * is what was persisted (tests, tooling), never for serving.
   */
  readStoredRowsOfWorker(manager: EntityManager, workerId: string): Promise<ReplicaEntity[]> {
    return manager.find(ReplicaEntity, {
      where: { workerId },
      order: {
        artifactId: 'ASC',
        viewId: 'ASC',
        memoryType: 'ASC',
        deviceId: 'ASC',
        nodeId: 'ASC',
        nodeAddress: 'ASC',
        nodePort: 'ASC',
      },
    });
  }

  /** The artifact's replicas as this transaction sees them. */
  replicasOfArtifact(tx: WriteTransaction, artifactId: string): ReplicaRecord[] {
    return this.changesOf(tx).ofArtifact(artifactId);
  }

  findById(tx: WriteTransaction, replicaId: string): ReplicaRecord | undefined {
    return this.changesOf(tx).get(replicaId);
  }

  findByIdentity(tx: WriteTransaction, identity: ReplicaIdentity): ReplicaRecord | undefined {
    return this.changesOf(tx).findByIdentity(identity);
  }

  /**
   * Creates the replica or refreshes the one with the same identity (keeping its
   * replica_id). Staged in memory; written with the commit group.
   */
  upsertReplica(tx: WriteTransaction, input: ReplicaUpsert): Promise<ReplicaUpsertResult> {
    const changes = this.changesOf(tx);
    const now = this.clock.now();
    const identity: ReplicaIdentity = {
      artifactId: input.artifactId,
      viewId: input.viewId,
      nodeId: input.nodeId,
      nodeAddress: input.nodeAddress,
      nodePort: input.nodePort,
      memoryType: MEMORY_TYPE_NUMBER[input.memoryTier],
      deviceId: input.memoryTier === 'GPU' ? input.deviceId : 0,
    };
    // Thousands of replicas share a worker's ids and address: one string each, not one per row.
    identity.viewId = this.shared(identity.viewId);
    identity.nodeId = this.shared(identity.nodeId);
    identity.nodeAddress = this.shared(identity.nodeAddress);
    const existing = changes.findByIdentity(identity);
    const extra = memoryInfoExtra(input.memoryInfo);
    // Fields listed one by one: an object spread here cost more than the rest of the call.
    const replica = new StoredReplica(
      {
        artifactId: identity.artifactId,
        viewId: identity.viewId,
        nodeId: identity.nodeId,
        nodeAddress: identity.nodeAddress,
        nodePort: identity.nodePort,
        memoryType: identity.memoryType,
        deviceId: identity.deviceId,
        replicaId: existing?.replicaId ?? randomUUID(),
        workerId: this.shared(input.workerId),
        memorySize: input.memorySize,
        maxConcurrency: input.maxConcurrency,
        currentRequests: existing?.currentRequests ?? 0,
        available: input.available ?? true,
        registeredAt: existing?.registeredAt ?? now,
        updatedAt: now,
      },
      Object.keys(extra).length > 0 ? JSON.stringify(extra) : '',
    );
    this.stage(tx, changes, replica);
    return Promise.resolve({
      replica,
      existed: existing !== undefined,
      previousWorkerId: existing?.workerId,
    });
  }

  async deleteReplica(tx: WriteTransaction, replica: ReplicaRecord): Promise<void> {
    const changes = this.changesOf(tx);
    tx.onRollback(changes.stage(replica.replicaId, null));
    for (const listener of this.listeners) await listener.replicaDeleting?.(tx, replica);
  }

  /** The committed replica (reads outside a write, e.g. WaitReplicaDrain). */
  committedById(replicaId: string): ReplicaRecord | undefined {
    return this.index.get(replicaId);
  }

  /** The artifact's committed replicas, read-only (do not change the records). */
  committedOfArtifact(artifactId: string): readonly ReplicaRecord[] {
    return this.index.ofArtifact(artifactId);
  }

  /**
   * Workers holding a committed, available GPU replica of each artifact, as
   * "worker_id\0artifact_id" keys; limited to the given artifacts when any are given. The
   * chunk directory's visibility rule, answered from memory.
   */
  availableGpuHolders(artifactIds?: readonly string[]): Set<string> {
    const holders = new Set<string>();
    const add = (r: ReplicaRecord) => {
      if (r.memoryType === MEMORY_TYPE_NUMBER.GPU && r.available) {
        holders.add(`${r.workerId}\0${r.artifactId}`);
      }
    };
    if (artifactIds === undefined) {
      this.index.forEachAvailable(MEMORY_TYPE_NUMBER.GPU, (workerId, artifactId) =>
        holders.add(`${workerId}\0${artifactId}`),
      );
    } else for (const artifactId of artifactIds) this.index.ofArtifact(artifactId).forEach(add);
    return holders;
  }

  /** GPU replicas the worker still holds of the artifact, as this transaction sees them. */
  countGpuReplicas(tx: WriteTransaction, workerId: string, artifactId: string): number {
    return this.changesOf(tx)
      .ofWorker(workerId)
      .filter((r) => r.artifactId === artifactId && r.memoryType === MEMORY_TYPE_NUMBER.GPU).length;
  }

  /**
   * current_requests += 1, only while it stays within max_concurrency: the atomic claim of a
   * transport slot, judged on what this commit group sees (earlier claims of the group
   * included) and written with the group. False when the replica is full or gone.
   */
  claimRequestSlot(tx: WriteTransaction, replicaId: string): Promise<boolean> {
    const changes = this.changesOf(tx);
    const replica = changes.get(replicaId);
    if (!replica || replica.currentRequests >= replica.maxConcurrency) {
      return Promise.resolve(false);
    }
    this.stage(tx, changes, withChanges(replica, { currentRequests: replica.currentRequests + 1 }));
    return Promise.resolve(true);
  }

  /** current_requests -= 1, never below 0; a replica deleted meanwhile is fine. */
  releaseRequestSlot(tx: WriteTransaction, replicaId: string): Promise<void> {
    const changes = this.changesOf(tx);
    const replica = changes.get(replicaId);
    if (replica && replica.currentRequests > 0) {
      this.stage(
        tx,
        changes,
        withChanges(replica, { currentRequests: replica.currentRequests - 1 }),
      );
    }
    return Promise.resolve();
  }

  /**
   * Startup: current_requests = the in-progress transports each replica serves (the owner
   * of those rows passes the counts), so a counter never drifts across a crash.
   */
  resetRequestCounters(tx: WriteTransaction, counts: ReadonlyMap<string, number>): Promise<void> {
    const changes = this.changesOf(tx);
    // Nearly every replica has no transport and a zero counter: only the others are looked at.
    const candidates = new Set(this.index.idsWithRequests());
    for (const replicaId of counts.keys()) candidates.add(replicaId);
    for (const replicaId of changes.staged.keys()) candidates.add(replicaId);
    for (const replicaId of candidates) {
      if (!this.index.has(replicaId)) continue;
      const replica = changes.get(replicaId);
      if (!replica) continue;
      const wanted = counts.get(replica.replicaId) ?? 0;
      if (replica.currentRequests !== wanted) {
        this.stage(tx, changes, withChanges(replica, { currentRequests: wanted }));
      }
    }
    return Promise.resolve();
  }

  /** Returns the replica as it is after the change. */
  setAvailability(
    tx: WriteTransaction,
    replica: ReplicaRecord,
    available: boolean,
  ): Promise<ReplicaRecord> {
    const next = withChanges(replica, { available, updatedAt: this.clock.now() });
    this.stage(tx, this.changesOf(tx), next);
    return Promise.resolve(next);
  }

  /** A liveness touch: only updated_at changes, so no checksum does. */
  touch(tx: WriteTransaction, replica: ReplicaRecord): ReplicaRecord {
    const next = withChanges(replica, { updatedAt: this.clock.now() });
    this.stage(tx, this.changesOf(tx), next);
    return next;
  }

  // GroupParticipant: how a commit group's replica changes reach the disk and memory.

  createGroupState(): ReplicaChanges {
    return new ReplicaChanges(this.index);
  }

  async beforeCommit(manager: EntityManager, changes: ReplicaChanges): Promise<void> {
    await this.writeStaged(manager, changes);
    // Every dirty worker's row is written, even when its checksum did not change: a write
    // earlier in the group may have saved that row from an older copy.
    for (const workerId of changes.dirtyWorkers) {
      const { removed, added } = changes.changesOfWorker(workerId);
      const next = this.checksums.next(workerId, removed, added, () => changes.ofWorker(workerId));
      changes.checksumRecords.set(workerId, next);
      changes.checksums.set(workerId, next.checksum);
    }
    if (changes.checksums.size === 0) return;
    await this.settleRows(manager, changes, changes.checksums.keys());
    await this.workers.storeChecksums(manager, changes.checksums);
  }

  afterCommit(changes: ReplicaChanges): void {
    const deleted: ReplicaRecord[] = [];
    for (const [replicaId, next] of changes.staged) {
      const before = next === null ? this.index.get(replicaId) : undefined;
      if (before) deleted.push(before);
      this.index.put(replicaId, next);
    }
    for (const [workerId, records] of changes.checksumRecords) {
      this.checksums.publish(workerId, records);
    }
    for (const workerId of changes.checksums.keys()) this.unsettled.delete(workerId);
    this.workers.noteChecksums(changes.checksums);
    if (this.listeners.length === 0) return;
    for (const replica of deleted) {
      for (const listener of this.listeners) listener.replicaDeleted?.(replica);
    }
    for (const next of changes.staged.values()) {
      if (!next) continue;
      for (const listener of this.listeners) listener.replicaChanged?.(next);
    }
  }

  /**
   * Writes unavailable the recovered rows of these workers (those not settled yet) that
   * this group leaves unavailable: in memory every recovered replica is, whatever its row
   * still says. Only rows memory holds as unavailable are written, and inside the write
   * queue, so a re-confirmation (committed, or staged in this group) is never undone; a row
   * the group re-confirms after this runs is written available again by writeStaged. Rows
   * that moved to another worker are found through the worker they were recovered under,
   * which the move marks dirty too.
   */
  private async settleRows(
    manager: EntityManager,
    changes: ReplicaChanges,
    workerIds: Iterable<string>,
  ): Promise<void> {
    const ids: string[] = [];
    for (const workerId of workerIds) {
      if (!this.unsettled.has(workerId)) continue;
      for (const committed of this.index.ofWorker(workerId)) {
        if (changes.get(committed.replicaId)?.available === false) ids.push(committed.replicaId);
      }
    }
    await runForIds(
      manager,
      'UPDATE replicas SET available = :fixed WHERE available = :fixed AND replica_id IN (:ids)',
      [false, true],
      ids,
    );
  }

  /** The pooled copy of a string many replicas repeat (worker, node, address, view ids). */
  private shared(text: string): string {
    const pooled = this.pool.get(text);
    if (pooled !== undefined) return pooled;
    this.pool.set(text, text);
    return text;
  }

  private changesOf(tx: WriteTransaction): ReplicaChanges {
    return tx.group.stateOf<ReplicaChanges>(this);
  }

  private stage(tx: WriteTransaction, changes: ReplicaChanges, next: ReplicaRecord): void {
    tx.onRollback(changes.stage(next.replicaId, next));
  }

  /**
   * Deletes, inserts and updates of the group, each as few statements as the bound-parameter
   * limit allows. A row whose non-trivial columns changed is deleted and inserted again (no
   * other table references replicas); rows that only changed cheap columns are updated in
   * groups sharing the same new values (a worker marked unavailable is one UPDATE).
   */
  private async writeStaged(manager: EntityManager, changes: ReplicaChanges): Promise<void> {
    const deletes: string[] = [];
    const inserts: ReplicaRecord[] = [];
    const cheapUpdates = new Map<string, { set: Partial<ReplicaEntity>; ids: string[] }>();
    for (const [replicaId, next] of changes.staged) {
      const before = this.index.get(replicaId);
      if (!next) {
        if (before) deletes.push(replicaId);
        continue;
      }
      if (!before) {
        inserts.push(next);
        continue;
      }
      const set = cheapDifference(before, next);
      if (set === undefined) {
        deletes.push(replicaId);
        inserts.push(next);
      } else if (Object.keys(set).length > 0) {
        const key = JSON.stringify(set);
        const group = cheapUpdates.get(key);
        if (group) group.ids.push(replicaId);
        else cheapUpdates.set(key, { set, ids: [replicaId] });
      }
    }
    await runForIds(manager, 'DELETE FROM replicas WHERE replica_id IN (:ids)', [], deletes);
    await insertRows(manager, 'replicas', RAW_COLUMNS, inserts.map(rowValues));
    for (const { set, ids } of cheapUpdates.values()) {
      const columns = Object.keys(set) as (keyof typeof CHEAP_COLUMN_NAMES)[];
      const assignments = columns.map((c) => `${CHEAP_COLUMN_NAMES[c]} = :fixed`).join(', ');
      await runForIds(
        manager,
        `UPDATE replicas SET ${assignments} WHERE replica_id IN (:ids)`,
        columns.map((c) => set[c]),
        ids,
      );
    }
  }
}

/** The row's values in RAW_COLUMNS order, as the drivers bind them. */
function rowValues(r: ReplicaRecord): unknown[] {
  return [
    r.replicaId,
    r.artifactId,
    r.workerId,
    r.viewId,
    r.nodeId,
    r.nodeAddress,
    r.nodePort,
    r.memoryType,
    r.deviceId,
    r.memorySize,
    r.maxConcurrency,
    r.currentRequests,
    r.available,
    memoryExtraOf(r) || null,
    r.registeredAt,
    r.updatedAt,
  ];
}

/** The stored extras text, '' for none (NULL, or an empty object an older row may hold). */
function extraText(stored: string | null): string {
  return stored === null || stored === '{}' ? '' : stored;
}

/** The cheap columns that differ, or undefined when any other column does. */
function cheapDifference(
  before: ReplicaRecord,
  next: ReplicaRecord,
): Partial<ReplicaEntity> | undefined {
  if (
    before.artifactId !== next.artifactId ||
    before.viewId !== next.viewId ||
    before.nodeId !== next.nodeId ||
    before.nodeAddress !== next.nodeAddress ||
    before.nodePort !== next.nodePort ||
    before.memoryType !== next.memoryType ||
    before.deviceId !== next.deviceId ||
    before.memorySize !== next.memorySize ||
    before.maxConcurrency !== next.maxConcurrency ||
    before.registeredAt !== next.registeredAt ||
    memoryExtraOf(before) !== memoryExtraOf(next)
  ) {
    return undefined;
  }
  const set: Partial<Record<keyof typeof CHEAP_COLUMN_NAMES, unknown>> = {};
  for (const column of CHEAP_COLUMNS) {
    if (before[column] !== next[column]) set[column] = next[column];
  }
  return set as Partial<ReplicaEntity>;
}

const RAW_COLUMNS = [
  'replica_id',
  'artifact_id',
  'worker_id',
  'view_id',
  'node_id',
  'node_address',
  'node_port',
  'memory_type',
  'device_id',
  'memory_size',
  'max_concurrency',
  'current_requests',
  'available',
  'memory_extra',
  'registered_at',
  'updated_at',
] as const;

type RawReplicaRow = Record<(typeof RAW_COLUMNS)[number], string | number | boolean | null>;

/** A raw row (numbers as strings on PostgreSQL, booleans as 0/1 on SQLite) as a record. */
function recordFromRaw(row: RawReplicaRow, shared: (text: string) => string): ReplicaRecord {
  const text = (v: string | number | boolean | null) => (v === null ? '' : String(v));
  return new StoredReplica(
    {
      replicaId: text(row.replica_id),
      artifactId: text(row.artifact_id),
      workerId: shared(text(row.worker_id)),
      viewId: shared(text(row.view_id)),
      nodeId: shared(text(row.node_id)),
      nodeAddress: shared(text(row.node_address)),
      nodePort: Number(row.node_port),
      memoryType: Number(row.memory_type),
      deviceId: Number(row.device_id),
      memorySize: Number(row.memory_size),
      maxConcurrency: Number(row.max_concurrency),
      currentRequests: Number(row.current_requests),
      available: row.available === true || Number(row.available) === 1,
      registeredAt: Number(row.registered_at),
      updatedAt: Number(row.updated_at),
    },
    extraText(row.memory_extra === null ? null : String(row.memory_extra)),
  );
}

/**
 * Which rows a recovery page reads, in ix_replicas_worker's order: the first page, a page of
 * those from or after a worker id, or all of one worker's.
 */
type RecoveryPage = { op: 'first' } | { op: '>=' | '>' | '='; workerId: string };

/** A recovery row: its own columns for the strings a replica keeps, the rest packed. */
interface RecoveryRow {
  i: string;
  a: string;
  x: string | null;
  r: string;
}

/**
 * Recovery reads the replica id, artifact id and extras as columns of their own (each its
 * own string, which the index keeps) and everything else as one packed text (the columns
 * joined by LOCATION_SEPARATOR): the sqlite3 driver builds one JS value per column per row
 * on the main thread, so sixteen columns cost several times what four do, and a string cut
 * from a packed row would keep the whole row alive. Standard `||` with the separator as a
 * string literal, so it runs on SQLite and PostgreSQL alike. The packed text is the location
 * key (worker, view, node, address, port: what the index shares between a worker's
 * replicas) followed by the seven number columns, read from the right, so an id holding the
 * separator shows as a key that does not split in five (that row is read again, column by
 * column).
 */
const PACKED_NUMBER_COLUMNS = [
  'memory_type',
  'device_id',
  'memory_size',
  'max_concurrency',
  'current_requests',
  'registered_at',
  'updated_at',
] as const;
const PACKED_REST = [
  'worker_id',
  'view_id',
  'node_id',
  'node_address',
  'node_port',
  ...PACKED_NUMBER_COLUMNS,
].join(` || '${LOCATION_SEPARATOR}' || `);

const SEPARATOR_CODE = LOCATION_SEPARATOR.charCodeAt(0);
const MINUS = 45;
const ZERO = 48;

/**
 * Recovery: the number columns of one packed text, parsed in place (no field strings), as a
 * replica waiting for re-confirmation (unavailable, whatever the row said before the
 * recovery's UPDATE committed). One instance is reused for every row.
 */
class PackedNumbers implements ReplicaNumbers {
  memoryType = 0;
  deviceId = 0;
  memorySize = 0;
  maxConcurrency = 0;
  currentRequests = 0;
  readonly available = false;
  registeredAt = 0;
  updatedAt = 0;
  private text = '';
  private at = 0;

  /** Parses the numbers and answers where the location key before them ends (-1: malformed). */
  read(text: string): number {
    let start = text.length;
    for (let k = 0; k < PACKED_NUMBER_COLUMNS.length; k++) {
      start = text.lastIndexOf(LOCATION_SEPARATOR, start - 1);
      if (start < 0) return -1;
    }
    this.text = text;
    this.at = start + 1;
    this.memoryType = this.next();
    this.deviceId = this.next();
    this.memorySize = this.next();
    this.maxConcurrency = this.next();
    this.currentRequests = this.next();
    this.registeredAt = this.next();
    this.updatedAt = this.next();
    return start;
  }

  /** The integer up to the next separator; Number() of the text if it is not a plain one. */
  private next(): number {
    const text = this.text;
    const from = this.at;
    let at = from;
    let negative = false;
    if (text.charCodeAt(at) === MINUS) {
      negative = true;
      at += 1;
    }
    let value = 0;
    let plain = at < text.length;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === SEPARATOR_CODE) break;
      const digit = code - ZERO;
      if (digit < 0 || digit > 9) plain = false;
      else value = value * 10 + digit;
    }
    this.at = at + 1;
    if (!plain || value > Number.MAX_SAFE_INTEGER) return Number(text.slice(from, at));
    return negative ? -value : value;
  }
}
