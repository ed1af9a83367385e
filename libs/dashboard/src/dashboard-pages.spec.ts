import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ManualClock } from '../../common/src';
import { DashboardPages } from './dashboard-pages.service';
import {
  ClusterOverview,
  DashboardNotFound,
  DashboardQueries,
  RegistrationRow,
  ReplicaQuery,
  ReplicaRow,
  StandbyNotice,
  WorkerQuery,
  WorkerRow,
} from './dashboard-queries';
import { ThroughputSampler } from './throughput-sampler';

const EVIL = `<img src=x onerror="alert('pwn')">`;
const clock = new ManualClock(Date.UTC(2026, 10, 30, 6, 0, 0));

const worker: WorkerRow = {
  workerId: `w-${EVIL}`,
  nodeId: `node-${EVIL}`,
  address: `10.0.0.1:${EVIL}`,
  state: 'ACTIVE',
  lastHeartbeatAt: clock.now() - 1500,
  memPoolTotal: 8 * 1024 ** 3,
  memPoolAvailable: 6 * 1024 ** 3,
  replicaCount: 3,
  stateVersion: 7,
};
const replica: ReplicaRow = {
  replicaId: `r-${EVIL}`,
  artifactId: `a-${EVIL}`,
  workerId: worker.workerId,
  nodeId: worker.nodeId,
  address: worker.address,
  tier: 'GPU',
  deviceId: 1,
  sizeBytes: 1024,
  available: true,
  currentRequests: 0,
  maxConcurrency: 4,
};
const registration: RegistrationRow = {
  registrationId: `reg-${EVIL}`,
  workerId: worker.workerId,
  tensorIndexKey: `k-${EVIL}`,
  plan: `lease-${EVIL}`,
  totalBytes: 1000,
  coveredBytes: 250,
  createdAt: clock.now() - 10_000,
  expiresAt: clock.now() + 65_000,
};
const overview: ClusterOverview = {
  servingState: 'SERVING',
  version: `1.0-${EVIL}`,
  clusterId: `c-${EVIL}`,
  uptimeSeconds: 3725,
  workersByState: { ACTIVE: 1, TIMED_OUT: 0 },
  replicasByTier: [{ tier: 'GPU', available: 1, unavailable: 0 }],
  artifacts: 1,
  openRegistrations: 1,
  databaseFile: `/data/${EVIL}.db`,
  databaseBytes: 4096,
  walBytes: 0,
  writeQueueDepth: 0,
};

class FakeQueries implements DashboardQueries {
  lastWorkerQuery: WorkerQuery | undefined;
  lastReplicaQuery: ReplicaQuery | undefined;
  failWith: Error | undefined;
  standbyNotice: StandbyNotice | undefined;
  overviewCalls = 0;
  standby() {
    return this.standbyNotice;
  }
  overview() {
    this.overviewCalls += 1;
    return this.answer(overview);
  }
  workers(query: WorkerQuery) {
    this.lastWorkerQuery = query;
    return this.answer({ workers: [worker], total: 120, states: ['ACTIVE', 'TIMED_OUT'] });
  }
  worker(id: string) {
    if (id !== worker.workerId) return Promise.reject(new DashboardNotFound(`no worker ${id}`));
    return this.answer({ worker, openRegistrations: [registration] });
  }
  replicas(query: ReplicaQuery) {
    this.lastReplicaQuery = query;
    return this.answer({ replicas: [replica], nextPageToken: `tok-${EVIL}`, total: 2 });
  }
  artifact(id: string) {
    return this.answer({
      artifactId: id,
      descriptor: { encoding: EVIL, total_size: 1024 },
      tensorIndexKey: `k-${EVIL}`,
      rankedReplicas: [replica, { ...replica, replicaId: 'r2', available: false }],
    });
  }
  registrations() {
    return this.answer({ registrations: [registration], total: 1 });
  }
  private answer<T>(value: T): Promise<T> {
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(value);
  }
}

function pages(queries = new FakeQueries()) {
  const sampler = new ThroughputSampler(clock, {
    read: () => Promise.resolve({ heartbeats: 0, writes: 0 }),
  });
  return { queries, pages: new DashboardPages(queries, clock, sampler) };
}

/** No daemon-supplied text may reach the page as markup. */
function assertNoInjectedMarkup(page: string): void {
  assert.doesNotMatch(page, /<img src=x/);
  assert.doesNotMatch(page, /onerror="alert/);
  assert.match(page, /&lt;img src=x onerror=&quot;alert\(&#39;pwn&#39;\)&quot;&gt;/);
  assert.doesNotMatch(page, /<script>|<style|style=/, 'no inline script or style (CSP)');
}

describe('DashboardPages', () => {
  it('escapes daemon-supplied values on every page', async () => {
    const { pages: p } = pages();
    const rendered = [
      await p.overview(),
      await p.workers({}),
      await p.worker(worker.workerId, {}),
      await p.replicas({}),
      await p.artifact(`a-${EVIL}`),
      await p.registrations({}),
    ];
    for (const page of rendered) {
      assert.equal(page.status, 200);
      assertNoInjectedMarkup(page.html);
    }
  });

  it('passes filters, sort and paging of the URL to the queries', async () => {
    const { pages: p, queries } = pages();
    await p.workers({
      state: 'TIMED_OUT',
      sort: 'heartbeat',
      order: 'desc',
      page: '3',
      size: '20',
    });
    assert.deepEqual(queries.lastWorkerQuery, {
      state: 'TIMED_OUT',
      sort: 'heartbeat',
      order: 'desc',
      offset: 40,
      limit: 20,
    });
    const page = await p.replicas({
      artifact: 'a1',
      tier: 'RAM',
      availability: 'unavailable',
      after: 'tok',
    });
    assert.deepEqual(queries.lastReplicaQuery, {
      artifactId: 'a1',
      nodeId: undefined,
      tier: 'RAM',
      availability: 'unavailable',
      limit: 50,
      pageToken: 'tok',
    });
    // The next-page link keeps the filters and carries the (escaped) cursor.
    assert.match(
      page.html,
      /href="\/ui\/replicas\?artifact=a1&amp;tier=RAM&amp;availability=unavailable&amp;size=50&amp;after=tok-/,
    );
  });

  it('answers a bad parameter with 400 naming it, an unknown id with 404', async () => {
    const { pages: p } = pages();
    const bad = await p.replicas({ tier: 'VRAM' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /tier: one of GPU, RAM, DISK \(got &quot;VRAM&quot;\)/);
    assert.equal((await p.workers({ size: '0' })).status, 400);
    assert.equal((await p.workers({ sort: 'drop table' })).status, 400);
    assert.equal((await p.workers({ state: ['A', 'B'] })).status, 400);
    const missing = await p.worker('nope', {});
    assert.equal(missing.status, 404);
    assert.match(missing.html, /no worker nope/);
  });

  it('shows a failing admin query as a 503 error page, never as an empty cluster', async () => {
    const queries = new FakeQueries();
    queries.failWith = new Error(`database is locked ${EVIL}`);
    const { pages: p } = pages(queries);
    const page = await p.overview();
    assert.equal(page.status, 503);
    assert.match(page.html, /could not answer/);
    assert.match(page.html, /database is locked/);
    assertNoInjectedMarkup(page.html);
    assert.doesNotMatch(page.html, /No workers have registered/);
  });

  it('on a standby, every page is a 503 that says so and names the leader, never an empty cluster', async () => {
    const queries = new FakeQueries();
    queries.standbyNotice = {
      instanceId: `gs-b${EVIL}`,
      role: 'STANDBY',
      leader: { holder: 'gs-a', address: `10.0.0.7:50051${EVIL}`, epoch: 3 },
    };
    const { pages: p } = pages(queries);
    const rendered = [
      await p.overview(),
      await p.workers({}),
      await p.worker(worker.workerId, {}),
      await p.replicas({}),
      await p.artifact('a1'),
      await p.registrations({}),
    ];
    for (const page of rendered) {
      assert.equal(page.status, 503);
      assert.match(page.html, /instance \(<code>gs-b&lt;img/);
      assert.match(page.html, /is a standby/);
      assert.match(page.html, /leader is <code>gs-a<\/code>\s+at\s+<code>10\.0\.0\.7:50051&lt;img/);
      assert.match(page.html, /\(epoch\s+3\)/);
      assert.doesNotMatch(page.html, /No workers have registered|data-field="workers-total"/);
      assertNoInjectedMarkup(page.html);
    }
    assert.equal(queries.overviewCalls, 0, 'a standby answers from no memory at all');

    queries.standbyNotice = { instanceId: 'gs-a', role: 'DEPOSED' };
    const deposed = await p.overview();
    assert.equal(deposed.status, 503);
    assert.match(deposed.html, /lost its leader\s+lease/);
    assert.match(deposed.html, /No leader is known yet/);

    queries.standbyNotice = undefined;
    assert.equal((await p.overview()).status, 200, 'once it leads, the pages are back');
  });

  it('ranks only available replicas on the artifact page; time left and coverage on registrations', async () => {
    const { pages: p } = pages();
    const artifact = (await p.artifact('a1')).html;
    assert.equal((artifact.match(/data-field="rank"/g) ?? []).length, 1);
    assert.match(artifact, /title="not offered to clients"/);
    const regs = (await p.registrations({})).html;
    assert.match(regs, /data-field="coverage">\s*25\.0%/);
    assert.match(regs, /data-field="time-left">\s*1 min 5 s/);
  });
});
