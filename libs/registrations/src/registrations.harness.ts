/**
 * The registrations module on the one module harness (real modules, real SQLite in memory
 * or a file for restart tests, a ManualClock): what the unit and property tests run
 * against. Only the clock is fake.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  ArtifactStore,
  RecoveredReplicaSettlement,
  ReplicaStore,
  mi2ArtifactId,
  multihashFromDigest,
} from '../../artifacts/src';
import { DomainError, DomainErrorCode, ManualClock } from '../../common/src';
import type { GlobalStoreConfig } from '../../config/src';
import type { wire } from '../../grpc/src';
import { WriteQueue } from '../../persistence/src';
import { openModuleHarness, testConfig, workerRegistration } from '../../testing/src';
import { WorkersService } from '../../workers/src';
import { toFeedFrame } from './feed-frames';
import { merkleRoot } from './merkle';
import { RegistrationEntity } from './registration.entity';
import { BeginInput } from './begin-request';
import { RegistrationBeginService } from './registration-begin.service';
import { RegistrationCommitService } from './registration-commit.service';
import { RegistrationExpiryService } from './registration-expiry.service';
import { RegistrationFeedService } from './registration-feed.service';
import { RegistrationLeases } from './registration-leases';
import { RegistrationRecoveryService } from './registration-recovery.service';
import { RegistrationsMetrics } from './registrations.metrics';
import { RegistrationsModule } from './registrations.module';
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

let workerCounter = 0;

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await openModuleHarness({
    imports: [RegistrationsModule],
    clock: options.clock,
    logs: true,
    config: (defaults) => ({
      ...testConfig(defaults, {
        dbFile: options.dbFile ?? null,
        synchronous: 'FULL',
        maxGroupSize: 256,
        heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 24 * 3600 * 1000,
      }),
      registrations: { ...defaults.registrations, ...options.registrations },
    }),
  });
  const workers = h.get(WorkersService);
  const replicas = h.get(ReplicaStore);
  const recovery = h.get(RegistrationRecoveryService);
  const metrics = h.get(RegistrationsMetrics);
  const registry = h.registry;
  if (options.dbFile) {
    await workers.recover();
    await replicas.recover();
    await recovery.recover();
    // What the server runs right after SERVING: the recovered rows and checksums are settled.
    await h.get(RecoveredReplicaSettlement).settleAll();
  }

  return {
    clock: h.clock,
    config: h.config,
    dataSource: h.dataSource,
    writes: h.writes,
    workers,
    replicas,
    artifacts: h.get(ArtifactStore),
    leases: h.get(RegistrationLeases),
    begins: h.get(RegistrationBeginService),
    feeds: h.get(RegistrationFeedService),
    registrations: h.get(RegistrationsService),
    expiry: h.get(RegistrationExpiryService),
    recovery,
    commits: h.get(RegistrationCommitService),
    registry,
    async registerWorker(requestedDaemonId?: string) {
      const n = ++workerCounter;
      const daemonId = requestedDaemonId ?? `daemon-${process.pid}-${n}`;
      const { workerId } = await workers.registerWorker(workerRegistration(n, { daemonId }));
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
    close: () => h.close(),
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

/** Awaits a rejection with this domain error code (and message), and returns the error. */
export async function rejects(
  promise: Promise<unknown>,
  code: DomainErrorCode,
  message?: RegExp,
): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

export const INDEX = Buffer.from('{"tensors":["w"]}');
export const INDEX_KEY = sha256(INDEX).toString('hex');

export function content(size: number, seed = 1): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed * 7) & 0xff));
}

export function expectedArtifactId(data: Buffer, chunkSize: number, index = INDEX): string {
  const leaves: Buffer[] = [];
  for (let o = 0; o < data.length; o += chunkSize)
    leaves.push(sha256(data.subarray(o, o + chunkSize)));
  return mi2ArtifactId(multihashFromDigest(sha256(index)), multihashFromDigest(merkleRoot(leaves)));
}

export async function histogramValue(
  h: Harness,
  part: 'sum' | 'count',
  result: string,
): Promise<number> {
  const { values } = await h.registry.getSingleMetric('tc_register_commit_seconds')!.get();
  const found = (
    values as { metricName?: string; labels: Record<string, unknown>; value: number }[]
  ).find(
    (v) => v.metricName === `tc_register_commit_seconds_${part}` && v.labels.result === result,
  );
  return found?.value ?? 0;
}

export async function rowOf(h: Harness, registrationId: string): Promise<RegistrationEntity> {
  return h.dataSource.manager.findOneByOrFail(RegistrationEntity, { registrationId });
}
