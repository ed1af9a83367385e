import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { AdminQueryService, PageRequest, WorkerFilter, WorkerSummary } from '../../admin/src';
import { DomainError, InvalidArgumentError, ManualClock } from '../../common/src';
import { AdminDashboardQueries } from './admin-queries.adapter';
import { DashboardNotFound } from './dashboard-queries';
import { DashboardBadRequest } from './query-params';
import { ThroughputSampler } from './throughput-sampler';

function worker(i: number): WorkerSummary {
  return {
    workerId: `w${String(i).padStart(5, '0')}`,
    daemonId: `d${i}`,
    nodeId: `node-${(i * 7919) % 2500}`,
    nodeAddress: '10.0.0.1',
    grpcPort: 1000 + i,
    p2pPort: 2000 + i,
    state: i % 10 === 0 ? 'TIMED_OUT' : 'ACTIVE',
    acceptingNewRequests: true,
    registeredAt: 1,
    lastHeartbeatAt: 1_000_000 + ((i * 31) % 997),
    memPoolTotalSize: 100,
    memPoolAvailableSize: i % 100,
    capabilityFlags: '0',
    stateVersion: i,
    stateChecksum: '',
    reconcileGeneration: 0,
    replicaCount: i % 13,
    availableReplicaCount: 0,
  };
}

/** The admin service's listWorkers contract: worker-id order, keyset tokens, at most 1000. */
class FakeAdmin {
  readonly calls: PageRequest[] = [];
  constructor(private readonly all: WorkerSummary[]) {}
  listWorkers(filter: WorkerFilter = {}, page: PageRequest = {}) {
    this.calls.push(page);
    if (filter.state !== undefined && filter.state !== 'ACTIVE' && filter.state !== 'TIMED_OUT')
      return Promise.reject(new InvalidArgumentError('state', 'unknown'));
    const matching = this.all.filter((w) => !filter.state || w.state === filter.state);
    const from = page.pageToken ? Number(page.pageToken) : 0;
    const size = Math.min(page.pageSize || 100, 1000);
    const items = matching.slice(from, from + size);
    const more = from + size < matching.length;
    return Promise.resolve({
      items,
      nextPageToken: more ? String(from + size) : '',
      totalSize: matching.length,
    });
  }
  getWorker(id: string) {
    return Promise.reject(new DomainError('WORKER_NOT_FOUND', `worker_id: no worker ${id}`));
  }
}

function adapter(admin: FakeAdmin): AdminDashboardQueries {
  const sampler = new ThroughputSampler(new ManualClock(), {
    read: () => Promise.resolve({ heartbeats: 0, writes: 0 }),
  });
  return new AdminDashboardQueries(admin as unknown as AdminQueryService, sampler);
}

describe('AdminDashboardQueries', () => {
  const all = Array.from({ length: 2500 }, (_, i) => worker(i));

  it('in the admin order, reads only up to the requested page', async () => {
    const admin = new FakeAdmin(all);
    const page = await adapter(admin).workers({
      sort: 'worker',
      order: 'asc',
      offset: 50,
      limit: 50,
    });
    assert.equal(page.total, 2500);
    assert.deepEqual(
      page.workers.map((w) => w.workerId),
      all.slice(50, 100).map((w) => w.workerId),
    );
    assert.deepEqual(admin.calls, [{ pageSize: 100, pageToken: '' }]);
  });

  it('sorted by another column, reads every matching worker and returns the right slice', async () => {
    const admin = new FakeAdmin(all);
    const page = await adapter(admin).workers({
      sort: 'replicas',
      order: 'desc',
      offset: 10,
      limit: 20,
      state: 'ACTIVE',
    });
    const expected = all
      .filter((w) => w.state === 'ACTIVE')
      .sort((a, b) => b.replicaCount - a.replicaCount || (a.workerId < b.workerId ? 1 : -1))
      .slice(10, 30)
      .map((w) => w.workerId);
    assert.deepEqual(
      page.workers.map((w) => w.workerId),
      expected,
    );
    assert.equal(page.total, 2250);
    assert.equal(admin.calls.length, 3, '2250 workers in pages of 1000');
  });

  it('turns NOT_FOUND into the page 404 and a bad state into the page 400', async () => {
    const q = adapter(new FakeAdmin(all));
    await assert.rejects(q.worker('nope'), DashboardNotFound);
    await assert.rejects(
      q.workers({ sort: 'worker', order: 'asc', offset: 0, limit: 5, state: 'ASLEEP' }),
      (e: unknown) => e instanceof DashboardBadRequest && /state: one of ACTIVE/.test(e.message),
    );
  });
});
