import { Logger } from '@nestjs/common';
import { strict as assert } from 'node:assert';
import { after, before } from 'node:test';
import { DomainError } from '../../common/src';
import type { wire } from '../../grpc/src';
import { openModuleHarness, testConfig, workerRegistration } from '../../testing/src';
import { WorkersService } from '../../workers/src';
import { ArtifactsModule } from './artifacts.module';
import { AssemblyService } from './assembly.service';
import { ReplicaListingService } from './replica-listing.service';
import { RegisterReplicaInput, ReplicaRegistrationService } from './replica-registration.service';
import { ReplicaStore } from './replica-store';
import { ReplicasService } from './replicas.service';

/**
 * The real replica services (the artifacts module) on the one module harness: in-memory
 * SQLite, or a database file when one is given; manual clock.
 */
export async function openReplicasHarness(dbFile: string | null = null) {
  const h = await openModuleHarness({
    imports: [ArtifactsModule],
    logs: true,
    config: (defaults) =>
      testConfig(defaults, { synchronous: 'FULL', allowLoopback: false, dbFile }),
  });
  return {
    dataSource: h.dataSource,
    clock: h.clock,
    writes: h.writes,
    workers: h.get(WorkersService),
    store: h.get(ReplicaStore),
    registration: h.get(ReplicaRegistrationService),
    replicas: h.get(ReplicasService),
    listing: h.get(ReplicaListingService),
    assembly: h.get(AssemblyService),
    close: () => h.close(),
  };
}

export type ReplicasHarness = Awaited<ReturnType<typeof openReplicasHarness>>;

/**
 * One in-memory harness for the enclosing describe: opened before its first test (handed
 * to `opened`), closed after its last. Only warnings and errors are logged.
 */
export function replicasHarnessPerSuite(opened: (h: ReplicasHarness) => void): void {
  let h: ReplicasHarness | undefined;
  before(async () => {
    Logger.overrideLogger(['error', 'warn']);
    h = await openReplicasHarness();
    opened(h);
  });
  after(async () => {
    await h?.close();
  });
}

let daemons = 0;
export async function registerWorker(h: ReplicasHarness): Promise<string> {
  daemons += 1;
  const result = await h.workers.registerWorker(
    workerRegistration(daemons, { nodeAddress: '10.0.0.1', daemonId: `daemon-${daemons}` }),
  );
  return result.workerId;
}

export function memInfo(overrides: Partial<wire.MemoryInfo__Output> = {}): wire.MemoryInfo__Output {
  return {
    node_id: 'node-a',
    node_address: '10.0.0.1',
    node_port: 7000,
    memory_size: '64',
    memory_type: 'MEMORY_TYPE_GPU',
    device_id: 0,
    remote_memory_keys: [],
    buffer_sizes: [],
    is_memory_replica: true,
    tensor_index_key: '',
    creation_ts: null,
    source_process_id: '',
    verification_json: '',
    expires_at: null,
    byte_space: null,
    ...overrides,
  };
}

export function registration(
  workerId: string,
  artifactId: string,
  mem: Partial<wire.MemoryInfo__Output> = {},
): RegisterReplicaInput {
  return { artifactId, workerId, maxConcurrency: 4, memInfo: memInfo(mem) };
}

export async function assertDomainError(
  promise: Promise<unknown>,
  code: string,
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}
