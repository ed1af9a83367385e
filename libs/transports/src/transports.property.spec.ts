import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { ReplicaEntity } from '../../artifacts/src';
import { TransportEntity } from './transport.entity';
import { createTransportsHarness } from './transports.harness';

/**
 * The transport claim under random interleavings, against the real service (real SQLite,
 * real write queue with group commits, fake clock). Bursts of concurrent requests race for
 * a few small replicas while completions (some repeated), expiry sweeps and source workers
 * leaving run in between. After every step:
 * - no replica's current_requests exceeds its max_concurrency;
 * - current_requests (database) = the in-memory count = its in-progress transport rows;
 * and at the end, once everything is completed, every counter is back to 0 and the number
 * of releases (completions counted once each) equals the number of grants.
 */

type Action =
  | { kind: 'burst'; requests: number; requestIds: boolean }
  | { kind: 'complete'; pick: number; outcome: number; twice: boolean }
  | { kind: 'expire' }
  | { kind: 'leave'; source: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      requests: fc.integer({ min: 1, max: 8 }),
      requestIds: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('complete' as const),
      pick: fc.nat(),
      outcome: fc.integer({ min: 0, max: 4 }),
      twice: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('expire' as const) }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('leave' as const), source: fc.nat(2) }),
    weight: 1,
  },
);

test('concurrent claims never exceed max_concurrency and every claim is released exactly once', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
      fc.array(action, { minLength: 1, maxLength: 25 }),
      async (limits, actions) => {
        const h = await createTransportsHarness({ cleanupIntervalMs: 1000 });
        try {
          const artifactId = 'art-prop';
          const sources = [];
          const replicaIds: string[] = [];
          for (const limit of limits) {
            const source = await h.registerWorker();
            sources.push(source);
            replicaIds.push(await h.addReplica(source.workerId, artifactId, limit));
          }
          const requesters = [await h.registerWorker(), await h.registerWorker()];
          // Count claims and releases at the replica store, under the service.
          let claims = 0;
          let releases = 0;
          const claim = h.replicas.claimRequestSlot.bind(h.replicas);
          const release = h.replicas.releaseRequestSlot.bind(h.replicas);
          h.replicas.claimRequestSlot = async (tx, id) => {
            const ok = await claim(tx, id);
            if (ok) claims += 1;
            return ok;
          };
          h.replicas.releaseRequestSlot = async (tx, id) => {
            releases += 1;
            return release(tx, id);
          };
          let requestSeq = 0;

          const check = async (label: string) => {
            const rows = await h.dataSource.manager.findBy(ReplicaEntity, { artifactId });
            const open = await h.dataSource.manager.findBy(TransportEntity, {
              status: 'in_progress',
            });
            for (const row of rows) {
              const rowsOpen = open.filter((t) => t.replicaId === row.replicaId).length;
              assert.ok(
                row.currentRequests <= row.maxConcurrency,
                `${label}: ${row.currentRequests} > max ${row.maxConcurrency}`,
              );
              assert.equal(row.currentRequests, rowsOpen, `${label}: counter vs rows`);
              assert.equal(h.ledger.inFlightOf(row.replicaId), rowsOpen, `${label}: memory`);
            }
          };

          for (const [step, a] of actions.entries()) {
            switch (a.kind) {
              case 'burst': {
                await Promise.all(
                  Array.from({ length: a.requests }, (_, i) =>
                    // A repeated id always comes with the same payload (same requester);
                    // reusing one with another payload is refused, and tested elsewhere.
                    h.request(requesters[(i % 3) % 2], artifactId, {
                      // Some ids repeat inside a burst: concurrent duplicates must share a claim.
                      requestId: a.requestIds ? `r-${requestSeq + (i % 3)}` : '',
                    }),
                  ),
                );
                requestSeq += 3;
                break;
              }
              case 'complete': {
                const open = await h.dataSource.manager.findBy(TransportEntity, {
                  status: 'in_progress',
                });
                if (open.length === 0) break;
                const target = open[a.pick % open.length];
                const done = [
                  h.transports.completeTransport(target.transportId, a.outcome, 'prop'),
                ];
                if (a.twice) {
                  done.push(h.transports.completeTransport(target.transportId, a.outcome, 'again'));
                }
                await Promise.all(done);
                break;
              }
              case 'expire':
                h.clock.advance(61_000);
                await h.sweeps.sweep();
                break;
              case 'leave': {
                const source = sources[a.source];
                await h.workers.unregisterWorker(source.workerId);
                await h.settle();
                break;
              }
            }
            await h.settle();
            await check(`step ${step} (${a.kind})`);
          }

          // Drain everything: every counter returns to 0 and releases equal grants.
          const open = await h.dataSource.manager.findBy(TransportEntity, {
            status: 'in_progress',
          });
          await Promise.all(
            open.map((t) => h.transports.completeTransport(t.transportId, 1, 'end')),
          );
          await h.settle();
          await check('end');
          for (const replicaId of replicaIds) assert.equal(h.ledger.inFlightOf(replicaId), 0);
          const all = await h.dataSource.manager.find(TransportEntity);
          assert.equal(claims, all.length, 'one claim per transport');
          assert.equal(releases, claims, 'every claim released exactly once');
          assert.ok(all.every((t) => t.status === 'completed' && t.completedAt !== null));
        } finally {
          await h.close();
        }
      },
    ),
    { numRuns: 40 },
  );
});
