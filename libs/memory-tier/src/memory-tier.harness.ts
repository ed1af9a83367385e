/**
 * The memory-tier module on the one module harness (real modules on SQLite in memory, or a
 * file for restart tests, with the real workers service and a ManualClock): what the
 * service specs run against. Only the clock is fake.
 */
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../common/src';
import type { GlobalStoreConfig } from '../../config/src';
import { openModuleHarness, testConfig, workerRegistration } from '../../testing/src';
import { WorkersService } from '../../workers/src';
import { MemoryTierStatusesService, StatusInput } from './memory-tier-statuses.service';
import { MemoryTierModule } from './memory-tier.module';
import { LeaseAckInput, LeaseRequestInput, MemoryTierService } from './memory-tier.service';

export interface HarnessOptions {
  memoryTier?: Partial<GlobalStoreConfig['memory_tier']>;
  dbFile?: string | null;
  clock?: ManualClock;
}

export interface Harness {
  clock: ManualClock;
  dataSource: DataSource;
  workers: WorkersService;
  leases: MemoryTierService;
  statuses: MemoryTierStatusesService;
  registry: Registry;
  registerWorker(nodeId: string): Promise<string>;
  /** Every series of a metric: labels joined as k=v,k=v → value. */
  metric(name: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

let workerCounter = 0;

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await openModuleHarness({
    imports: [MemoryTierModule],
    clock: options.clock,
    logs: true,
    config: (base) => ({
      ...testConfig(base, {
        dbFile: options.dbFile ?? null,
        synchronous: 'FULL',
        maxGroupSize: 256,
      }),
      memory_tier: { ...base.memory_tier, ...options.memoryTier },
    }),
  });
  const { clock, dataSource, registry } = h;
  const workers = h.get(WorkersService);
  const leases = h.get(MemoryTierService);
  const statuses = h.get(MemoryTierStatusesService);
  if (options.dbFile) {
    await workers.recover();
    await leases.recover();
    await statuses.recover();
  }
  return {
    clock,
    dataSource,
    workers,
    leases,
    statuses,
    registry,
    async registerWorker(nodeId: string) {
      const n = ++workerCounter;
      const { workerId } = await workers.registerWorker(workerRegistration(n, { nodeId }));
      return workerId;
    },
    async metric(name: string) {
      const metric = registry.getSingleMetric(name);
      if (!metric) throw new Error(`no metric ${name}`);
      const { values } = await metric.get();
      return new Map(
        values.map((v) => [
          Object.entries(v.labels)
            .map(([k, l]) => `${k}=${String(l)}`)
            .join(','),
          v.value,
        ]),
      );
    },
    close: () => h.close(),
  };
}

/** A RequestMemoryTierLease as the persistence manager sends it; override any field. */
export function leaseRequest(overrides: Partial<LeaseRequestInput> = {}): LeaseRequestInput {
  return {
    nodeId: 'node-a',
    kind: 'LEASE_KIND_STABLE',
    artifactId: 'mi2:artifact-1',
    chunkRange: null,
    chunkIds: [0, 1, 2],
    ledgerVersion: '7',
    bytes: '3145728',
    workloadId: 'task-1',
    requestId: '',
    issuedAtNs: '0',
    ...overrides,
  };
}

export function ackInput(
  leaseId: string,
  action: LeaseAckInput['action'],
  overrides: Partial<LeaseAckInput> = {},
): LeaseAckInput {
  return {
    leaseId,
    nodeId: 'node-a',
    action,
    chunkIds: [0, 1, 2],
    chunkRange: null,
    ledgerVersion: '8',
    bytes: '3145728',
    requestId: '',
    ackEpochNs: '0',
    artifactId: 'mi2:artifact-1',
    ...overrides,
  };
}

export function statusInput(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    nodeId: 'node-a',
    workerId: 'worker-a',
    stableTotalBytes: '1000',
    stableUsedBytes: '400',
    preemptibleTotalBytes: '2000',
    preemptibleMarkedBytes: '300',
    faultsPerSec: 1.5,
    rehydrateP99Ns: '250000',
    enablePreemptible: true,
    configJson: '{"tiers":2}',
    epochNs: '0',
    ...overrides,
  };
}
