/**
 * The registrations module wired by hand on a real SQLite database (in memory, or a file for
 * restart tests) with a ManualClock: what the unit and property tests run against. Only the
 * clock is fake.
 */
import { createHash } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  ArtifactEntity,
  ArtifactStore,
  KeyMappingEntity,
  ReplicaEntity,
  ReplicaStore,
  TensorIndexEntity,
} from '../../artifacts/src';
import { ManualClock } from '../../common/src';
import { defaultConfig } from '../../config/src';
import type { GlobalStoreConfig } from '../../config/src';
import type { wire } from '../../grpc/src';
import {
  IdempotencyRecordEntity,
  IdempotencyStore,
  ServerMetaEntity,
  WriteQueue,
  dataSourceOptions,
  openDatabase,
} from '../../persistence/src';
import { WorkerEntity, WorkersService } from '../../workers/src';
import { WorkersMetrics } from '../../workers/src/workers.metrics';
import { RegistrationEntity, RegistrationFrameEntity } from './registration.entity';
import { toFeedFrame } from './feed-frames';
import { BeginInput, RegistrationBeginService } from './registration-begin.service';
import { RegistrationCommitService } from './registration-commit.service';
import { RegistrationExpiryService } from './registration-expiry.service';
import { RegistrationFeedService } from './registration-feed.service';
import { RegistrationGate } from './registration-gate';
import { RegistrationRecoveryService } from './registration-recovery.service';
import { RegistrationLeases } from './registration-leases';
import { RegistrationsMetrics } from './registrations.metrics';
import { RegistrationsService } from './registrations.service';

export interface HarnessOptions {
  registrations?: Partial<GlobalStoreConfig['registrations']>;
  heartbeatTimeoutMs?: number;
  dbFile?: string | null;
  clock?: ManualClock;
}

export interface Harness {
  clock: ManualClock;
  config: GlobalStoreConfig;
  dataSource: DataSource;
  writes: WriteQueue;
  workers: WorkersService;
  replicas: ReplicaStore;
  artifacts: ArtifactStore;
  leases: RegistrationLeases;
  begins: RegistrationBeginService;
  feeds: RegistrationFeedService;
  registrations: RegistrationsService;
  expiry: RegistrationExpiryService;
  recovery: RegistrationRecoveryService;
  commits: RegistrationCommitService;
  registry: Registry;
  registerWorker(daemonId?: string): Promise<{ workerId: string; daemonId: string }>;
  /** The gauge's value per daemon_id (absent = no series). */
  pendingGauge(): Promise<Map<string, number>>;
  counter(name: string): Promise<number>;
  close(): Promise<void>;
}

const ENTITIES = [
  WorkerEntity,
  ArtifactEntity,
  ReplicaEntity,
  TensorIndexEntity,
  KeyMappingEntity,
  IdempotencyRecordEntity,
  ServerMetaEntity,
  RegistrationEntity,
  RegistrationFrameEntity,
];

let workerCounter = 0;

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new ManualClock();
  const base = defaultConfig();
  const config: GlobalStoreConfig = {
    ...base,
    worker_policy: {
      ...base.worker_policy,
      allow_loopback_addresses: true,
      heartbeat_timeout: options.heartbeatTimeoutMs ?? 24 * 3600 * 1000,
    },
    registrations: { ...base.registrations, ...options.registrations },
  };
  const settings = { dbFile: options.dbFile ?? null, synchronous: 'FULL' as const };
  const dataSource = await openDatabase(settings, dataSourceOptions(settings, ENTITIES));
  const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 256 });
  const idempotency = new IdempotencyStore(clock);
  const workers = new WorkersService(
    config,
    clock,
    dataSource,
    writes,
    idempotency,
    new WorkersMetrics(),
  );
  const replicas = new ReplicaStore(dataSource, clock, writes, workers);
  replicas.onModuleInit();
  const artifacts = new ArtifactStore(clock);
  const registry = new Registry();
  const metrics = new RegistrationsMetrics(registry);
  const leases = new RegistrationLeases(clock, config, metrics);
  const expiry = new RegistrationExpiryService(clock, writes, leases);
  const gate = new RegistrationGate(writes, leases, expiry);
  const begins = new RegistrationBeginService(
    clock,
    writes,
    idempotency,
    workers,
    artifacts,
    leases,
    metrics,
  );
  const feeds = new RegistrationFeedService(clock, writes, gate, leases, metrics);
  const registrations = new RegistrationsService(clock, writes, workers, leases, gate, metrics);
  registrations.onModuleInit();
  const recovery = new RegistrationRecoveryService(
    clock,
    dataSource,
    writes,
    workers,
    leases,
    metrics,
  );
  const commits = new RegistrationCommitService(
    clock,
    writes,
    gate,
    leases,
    artifacts,
    replicas,
    workers,
    metrics,
  );
  if (options.dbFile) {
    await workers.recover();
    await replicas.recover();
    await recovery.recover();
  }

  return {
    clock,
    config,
    dataSource,
    writes,
    workers,
    replicas,
    artifacts,
    leases,
    begins,
    feeds,
    registrations,
    expiry,
    recovery,
    commits,
    registry,
    async registerWorker(requestedDaemonId?: string) {
      const n = ++workerCounter;
      const daemonId = requestedDaemonId ?? `daemon-${process.pid}-${n}`;
      const { workerId } = await workers.registerWorker({
        nodeId: `node-${n}`,
        nodeAddress: '127.0.0.1',
        grpcPort: 20000 + n,
        p2pPort: 30000 + n,
        memPoolTotalSize: 1 << 30,
        memPoolAvailableSize: 1 << 29,
        isRecoveryRegistration: false,
        previousWorkerId: '',
        daemonId,
        capabilityFlags: 0,
      });
      return { workerId, daemonId };
    },
    async pendingGauge() {
      const { values } = await metrics.pending.get();
      return new Map(values.map((v) => [String(v.labels.daemon_id), v.value]));
    },
    async counter(name: string) {
      const metric = registry.getSingleMetric(name);
      if (!metric) throw new Error(`no metric ${name}`);
      const { values } = await metric.get();
      return values.filter((v) => !('le' in v.labels)).reduce((sum, v) => sum + v.value, 0);
    },
    async close() {
      expiry.onModuleDestroy();
      workers.onModuleDestroy();
      await writes.close();
      await dataSource.destroy();
    },
  };
}

export function sha256(bytes: Uint8Array | string): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** A Begin for `worker` with an inline tensor index; override any field. */
export function beginInput(
  worker: { workerId: string; daemonId: string },
  overrides: Partial<BeginInput> = {},
): BeginInput {
  return {
    workerId: worker.workerId,
    daemonId: worker.daemonId,
    ownerPid: 4242,
    deviceId: 0,
    totalSize: 64,
    ttlMs: 0,
    tensorIndexData: Buffer.from('{"tensors":["w"]}'),
    encoding: 'json',
    schemaVersion: 'v3',
    plan: 'coalesced',
    planDetails: {},
    ...overrides,
  };
}

/** A chunk frame covering `bytes` at `offset`, with its real sha256. */
export function chunkFrame(
  registrationId: string,
  epoch: number,
  offset: number,
  bytes: Buffer,
): wire.FeedRegistrationRequest__Output {
  return {
    registration_id: registrationId,
    epoch: String(epoch),
    feed: 'chunk',
    chunk: { offset: String(offset), length: String(bytes.length), digest: sha256(bytes) },
  };
}

export function segmentsFrame(
  registrationId: string,
  epoch: number,
  segments: { offset: number; bytes: Buffer; storageId?: string }[],
): wire.FeedRegistrationRequest__Output {
  return {
    registration_id: registrationId,
    epoch: String(epoch),
    feed: 'lease_segments',
    lease_segments: {
      segments: segments.map((s) => ({
        storage_id: s.storageId ?? 'pool-0',
        storage_offset: String(s.offset + 4096),
        artifact_offset: String(s.offset),
        length: String(s.bytes.length),
        digest: sha256(s.bytes),
      })),
    },
  };
}

/** Feeds `frames` as one stream and returns the stream's answer. */
export async function feed(
  feeds: RegistrationFeedService,
  frames: readonly wire.FeedRegistrationRequest__Output[],
) {
  const session = feeds.openFeed();
  for (const frame of frames) await feeds.acceptFrame(session, toFeedFrame(frame));
  return feeds.finishFeed(session);
}

/** Cuts `content` into `chunkSize` pieces as chunk frames. */
export function chunksOf(
  registrationId: string,
  epoch: number,
  content: Buffer,
  chunkSize: number,
): wire.FeedRegistrationRequest__Output[] {
  const frames: wire.FeedRegistrationRequest__Output[] = [];
  for (let offset = 0; offset < content.length; offset += chunkSize) {
    frames.push(
      chunkFrame(registrationId, epoch, offset, content.subarray(offset, offset + chunkSize)),
    );
  }
  return frames;
}
