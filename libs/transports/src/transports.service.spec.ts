import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ReplicaEntity } from '../../artifacts/src';
import { TransportEntity } from './transport.entity';
import { TransportsHarness, createTransportsHarness } from './transports.harness';
import { holdWriteGroupOpen } from '../../persistence/src/write-queue.harness';

describe('TransportsService sweeps (ManualClock, real SQLite)', () => {
  let h: TransportsHarness;
  beforeEach(async () => {
    h = await createTransportsHarness({ cleanupIntervalMs: 10_000 });
  });
  afterEach(() => h.close());

  async function counterOf(replicaId: string): Promise<number> {
    const row = await h.dataSource.manager.findOneByOrFail(ReplicaEntity, { replicaId });
    return row.currentRequests;
  }

  it('expires a transport in progress past max(60 s, 10 × cleanup_interval) and releases its slot', async () => {
    const source = await h.registerWorker();
    const requester = await h.registerWorker();
    const replicaId = await h.addReplica(source.workerId, 'art-x', 1);
    const granted = await h.request(requester, 'art-x');
    assert.equal(granted.kind, 'granted');
    assert.equal(await counterOf(replicaId), 1);
    h.clock.advance(100_000); // threshold is max(60 s, 100 s) = 100 s: not past it yet
    assert.deepEqual(await h.sweeps.sweep(), { expired: 0, purged: 0 });
    assert.equal(h.ledger.inFlightOf(replicaId), 1);
    h.clock.advance(1);
    assert.equal((await h.sweeps.sweep()).expired, 1);
    assert.equal(h.ledger.inFlightOf(replicaId), 0);
    assert.equal(await counterOf(replicaId), 0);
    const [row] = await h.dataSource.manager.find(TransportEntity);
    assert.equal(row.status, 'completed');
    assert.equal(row.outcome, 'expired');
    // A completion arriving after the expiry changes nothing and releases nothing.
    assert.equal(await h.transports.completeTransport(row.transportId, 1, ''), 'already_completed');
    assert.equal(await counterOf(replicaId), 0);
  });

  it('the expiry floor is 60 s even with a short cleanup_interval', async () => {
    const short = await createTransportsHarness({ cleanupIntervalMs: 1000 });
    try {
      const source = await short.registerWorker();
      const requester = await short.registerWorker();
      await short.addReplica(source.workerId, 'art-y', 1);
      assert.equal((await short.request(requester, 'art-y')).kind, 'granted');
      short.clock.advance(59_000);
      assert.equal((await short.sweeps.sweep()).expired, 0);
      short.clock.advance(1_001);
      assert.equal((await short.sweeps.sweep()).expired, 1);
    } finally {
      await short.close();
    }
  });

  it('keeps completed rows for transports.retention, then deletes them', async () => {
    const source = await h.registerWorker();
    const requester = await h.registerWorker();
    await h.addReplica(source.workerId, 'art-z', 2);
    const granted = await h.request(requester, 'art-z', { requestId: 'rid-1' });
    assert.ok(granted.kind === 'granted');
    const transportId = String(granted.response.transport_id);
    await h.transports.completeTransport(transportId, 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS', '');
    h.clock.advance(h.config.transports.retention);
    assert.equal((await h.sweeps.sweep()).purged, 0, 'exactly at retention: kept');
    const replay = await h.request(requester, 'art-z', { requestId: 'rid-1' });
    assert.equal(replay.kind, 'replayed');
    h.clock.advance(1);
    assert.equal((await h.sweeps.sweep()).purged, 1);
    assert.equal(await h.dataSource.manager.count(TransportEntity), 0);
    // Past retention the request_id is forgotten: a new transport.
    const fresh = await h.request(requester, 'art-z', { requestId: 'rid-1' });
    assert.equal(fresh.kind, 'granted');
  });

  it("a request_id replay reads committed rows only: an open group's row that rolls back is never replayed", async () => {
    const source = await h.registerWorker();
    const requester = await h.registerWorker();
    await h.addReplica(source.workerId, 'art-open', 4);
    const first = await h.request(requester, 'art-open', { requestId: 'rid-template' });
    assert.ok(first.kind === 'granted');
    const template = await h.dataSource.manager.findOneByOrFail(TransportEntity, {
      requestId: 'rid-template',
    });
    const doomedId = '00000000-0000-4000-8000-00000000d00d';
    // A group that has written a transport for request_id rid-open and then fails to commit.
    const { release, write: doomed } = await holdWriteGroupOpen(
      h.writes,
      (tx) =>
        tx.manager.insert(TransportEntity, {
          ...template,
          transportId: doomedId,
          requestId: 'rid-open',
          response: { ...template.response, transport_id: doomedId },
        }),
      () => {
        throw new Error('this group rolls back');
      },
    );
    const answer = h.request(requester, 'art-open', { requestId: 'rid-open' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await assert.rejects(doomed, /this group rolls back/);
    const result = await answer;
    assert.equal(result.kind, 'granted', 'a transport that never committed is not replayed');
    assert.ok(result.kind === 'granted');
    assert.notEqual(result.response.transport_id, doomedId);
  });

  it('a grant whose caller left while it committed gives its slot back at once', async () => {
    const source = await h.registerWorker();
    const requester = await h.registerWorker();
    const replicaId = await h.addReplica(source.workerId, 'art-gone', 1);
    const caller = new AbortController();
    const claim = h.replicas.claimRequestSlot.bind(h.replicas);
    // The caller goes away inside the granting transaction, after its slot was claimed.
    h.replicas.claimRequestSlot = async (tx, id) => {
      const ok = await claim(tx, id);
      caller.abort();
      return ok;
    };
    await assert.rejects(h.request(requester, 'art-gone', { signal: caller.signal }), /cancelled/);
    await h.settle();
    const [row] = await h.dataSource.manager.find(TransportEntity);
    assert.equal(row.status, 'completed');
    assert.equal(row.outcome, 'cancelled');
    assert.equal(await counterOf(replicaId), 0);
    assert.equal(h.ledger.inFlightOf(replicaId), 0);
  });

  it('a requester that went inactive has its queued requests cancelled by the sweep', async () => {
    const source = await h.registerWorker();
    const requester = await h.registerWorker();
    await h.addReplica(source.workerId, 'art-q', 1);
    assert.equal((await h.request(await h.registerWorker(), 'art-q')).kind, 'granted');
    const queued = h.request(requester, 'art-q', { waitTimeout: { seconds: '30' } });
    await h.settle();
    // Inactive without the deactivation event (as a liveness timeout not yet swept looks).
    h.clock.advance(h.config.worker_policy.heartbeat_timeout + 1);
    await h.sweeps.sweep();
    await assert.rejects(queued, /requester_worker_id/);
  });
});
