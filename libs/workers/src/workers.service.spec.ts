import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { DomainError, DomainErrorCode, ManualClock } from '../../common/src';
import {
  ModuleHarness,
  openModuleHarness,
  testConfig,
  workerRegistration,
} from '../../testing/src';
import { WorkerEntity } from './worker.entity';
import { DeactivationReason } from './worker-inventory';
import { WorkersModule } from './workers.module';
import { HeartbeatInput, RegisterWorkerInput, WorkersService } from './workers.service';

const TIMEOUT_MS = 30_000;

let n = 0;
function registration(overrides: Partial<RegisterWorkerInput> = {}): RegisterWorkerInput {
  n += 1;
  return workerRegistration(n, {
    nodeAddress: '10.2.0.1',
    daemonId: `daemon-${n}`,
    ...overrides,
  });
}

function heartbeat(workerId: string, overrides: Partial<HeartbeatInput> = {}): HeartbeatInput {
  return {
    workerId,
    memPoolAvailableSize: 1 << 28,
    acceptingNewRequests: true,
    stateVersion: 1,
    stateChecksum: '',
    registeredArtifactIds: [],
    capabilityFlags: undefined,
    ...overrides,
  };
}

async function rejects(promise: Promise<unknown>, code: DomainErrorCode): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof DomainError && e.code === code);
}

function open(dbFile: string | null = null, clock?: ManualClock): Promise<ModuleHarness> {
  return openModuleHarness({
    imports: [WorkersModule],
    clock,
    config: (defaults) =>
      testConfig(defaults, { dbFile, allowLoopback: false, heartbeatTimeoutMs: TIMEOUT_MS }),
  });
}

describe('WorkersService', () => {
  let h: ModuleHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('registers a worker, keeps its id for the same daemon and bumps the generation', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    const input = registration();
    const first = await workers.registerWorker(input);
    assert.match(first.workerId, /\S/);
    assert.equal(first.reconcileGeneration, 1);
    assert.equal(first.stateSyncRequired, false);
    const again = await workers.registerWorker({ ...input, memPoolAvailableSize: 1 });
    assert.equal(again.workerId, first.workerId, 'one worker per daemon');
    assert.equal(again.reconcileGeneration, 2);
    const row = await h.dataSource.manager.findOneByOrFail(WorkerEntity, {
      workerId: first.workerId,
    });
    assert.equal(row.memPoolAvailableSize, 1, 'committed before the answer');
    assert.equal(workers.getActiveWorker(first.workerId)?.daemonId, input.daemonId);
  });

  test('bad registrations name the field', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    await assert.rejects(
      workers.registerWorker(registration({ daemonId: ' ' })),
      /daemon_id: is required/,
    );
    await rejects(workers.registerWorker(registration({ grpcPort: 0 })), 'INVALID_ARGUMENT');
    await assert.rejects(
      workers.registerWorker(registration({ nodeAddress: '127.0.0.1' })),
      /node_address: .*loopback/,
    );
    await assert.rejects(
      workers.registerWorker(registration({ memPoolAvailableSize: 2, memPoolTotalSize: 1 })),
      /mem_pool_available_size: exceeds mem_pool_total_size/,
    );
  });

  test('an endpoint held by a live worker of another daemon is refused', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    const first = registration();
    await workers.registerWorker(first);
    await rejects(
      workers.registerWorker(
        registration({ nodeAddress: first.nodeAddress, grpcPort: first.grpcPort }),
      ),
      'WORKER_ADDRESS_CONFLICT',
    );
  });

  test('previous_worker_id of another daemon is refused', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    const { workerId } = await workers.registerWorker(registration());
    await rejects(
      workers.registerWorker(registration({ previousWorkerId: workerId })),
      'WORKER_OWNED_BY_OTHER_DAEMON',
    );
  });

  test('heartbeats keep a worker alive; without them it times out and listeners hear why', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    const heard: [string, DeactivationReason][] = [];
    workers.onWorkerDeactivated({ workerDeactivated: (id, why) => void heard.push([id, why]) });
    const { workerId } = await workers.registerWorker(registration());
    h.clock.advance(TIMEOUT_MS - 1);
    const beat = workers.heartbeat(heartbeat(workerId));
    assert.equal(beat.found, true);
    h.clock.advance(TIMEOUT_MS - 1);
    assert.equal(await workers.sweepExpired(), 0, 'the heartbeat moved the deadline');
    assert.ok(workers.getActiveWorker(workerId));
    h.clock.advance(2);
    assert.equal(await workers.sweepExpired(), 1);
    assert.equal(workers.getActiveWorker(workerId), undefined);
    assert.equal(workers.getWorker(workerId)?.inactive, true);
    assert.deepEqual(heard, [[workerId, 'timeout']]);
    assert.deepEqual(workers.heartbeat(heartbeat(workerId)), { found: false });
  });

  test('a heartbeat with an invalid state_version is refused; an unknown worker is not found', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    assert.throws(() => workers.heartbeat(heartbeat('w-1', { stateVersion: 0 })), /state_version/);
    assert.deepEqual(workers.heartbeat(heartbeat('w-unknown')), { found: false });
  });

  test('unregister deactivates durably, once; an unknown worker answers false', async () => {
    h = await open();
    const workers = h.get(WorkersService);
    const heard: DeactivationReason[] = [];
    workers.onWorkerDeactivated({ workerDeactivated: (_id, why) => void heard.push(why) });
    const { workerId } = await workers.registerWorker(registration());
    assert.equal(await workers.unregisterWorker(workerId), true);
    assert.equal(await workers.unregisterWorker(workerId), true, 'again is fine');
    assert.equal(await workers.unregisterWorker('w-unknown'), false);
    assert.deepEqual(heard, ['graceful']);
    const row = await h.dataSource.manager.findOneByOrFail(WorkerEntity, { workerId });
    assert.equal(row.inactive, true);
    assert.deepEqual(
      workers.listActiveWorkers(false, 0).map((w) => w.worker.workerId),
      [],
    );
  });

  test('heartbeats are flushed in a batch and the workers come back after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-workers-'));
    try {
      const dbFile = join(dir, 'store.db');
      const clock = new ManualClock();
      h = await open(dbFile, clock);
      let workers = h.get(WorkersService);
      const { workerId } = await workers.registerWorker(registration());
      clock.advance(1000);
      workers.heartbeat(heartbeat(workerId, { memPoolAvailableSize: 12345 }));
      assert.equal(await workers.flushHeartbeats(), 1);
      const row = await h.dataSource.manager.findOneByOrFail(WorkerEntity, { workerId });
      assert.equal(row.memPoolAvailableSize, 12345);
      assert.equal(row.lastHeartbeatAt, clock.now());
      await h.close();

      h = await open(dbFile, clock);
      workers = h.get(WorkersService);
      assert.deepEqual(await workers.recover(), { workers: 1, stale: 1 });
      assert.equal(workers.getActiveWorker(workerId)?.memPoolAvailableSize, 12345);
    } finally {
      await h?.close();
      h = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('the flush rewrites pool, accepting and capability columns only for workers whose heartbeat changed them', async () => {
    const clock = new ManualClock();
    h = await open(null, clock);
    const workers = h.get(WorkersService);
    const steady = (await workers.registerWorker(registration())).workerId;
    const changing = (await workers.registerWorker(registration())).workerId;
    const registered = await h.dataSource.manager.findOneByOrFail(WorkerEntity, {
      workerId: steady,
    });
    workers.heartbeat(heartbeat(steady, { memPoolAvailableSize: registered.memPoolAvailableSize }));
    workers.heartbeat(
      heartbeat(changing, { memPoolAvailableSize: 4242, acceptingNewRequests: false }),
    );
    assert.equal(await workers.flushHeartbeats(), 2);
    const rows = async (id: string) =>
      h!.dataSource.manager.findOneByOrFail(WorkerEntity, { workerId: id });
    assert.equal((await rows(changing)).memPoolAvailableSize, 4242);
    assert.equal((await rows(changing)).acceptingNewRequests, false);

    // Time only: the statement sets last_heartbeat_at and nothing else.
    clock.advance(1000);
    workers.heartbeat(heartbeat(steady, { memPoolAvailableSize: registered.memPoolAvailableSize }));
    const runner = h.dataSource.createQueryRunner();
    const query = runner.query.bind(runner);
    const seen: string[] = [];
    runner.query = ((sql: string, ...rest: unknown[]) => {
      seen.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
    try {
      assert.equal(await workers.flushHeartbeats(), 1);
    } finally {
      runner.query = query;
    }
    const updates = seen.filter((sql) => sql.startsWith('UPDATE'));
    assert.equal(updates.length, 1, updates.join(' | '));
    assert.match(updates[0], /"last_heartbeat_at" = CASE/);
    assert.doesNotMatch(
      updates[0],
      /mem_pool_available_size|accepting_new_requests|capability_flags/,
    );
    assert.equal((await rows(steady)).lastHeartbeatAt, clock.now());

    // A changed pool after a flush is written at the next one.
    workers.heartbeat(
      heartbeat(changing, { memPoolAvailableSize: 777, acceptingNewRequests: true }),
    );
    assert.equal(await workers.flushHeartbeats(), 1);
    assert.equal((await rows(changing)).memPoolAvailableSize, 777);
    assert.equal((await rows(changing)).acceptingNewRequests, true);
  });
});
