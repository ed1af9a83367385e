/**
 * High availability on a real PostgreSQL database (docs/high-availability.md): two real
 * server processes on one database, a 2 s lease. Each test creates its own database
 * (tc_ha_<label>_<pid>) and drops it. TC_HA_FAILOVER_LOOP=N adds the long kill loop.
 */
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import {
  HaInstance,
  SERVING_LOG,
  TEST_LEASE_TTL_MS,
  createTestDatabase,
  haConfig,
  startHaInstance,
  startWriteLoad,
  waitForLeader,
} from '../../bench/support/ha-cluster';
import {
  allowConnections,
  terminateConnections,
  testDrivers,
} from '../../libs/persistence/src/test-databases.harness';
import { runCli } from './support/global-store.process';
import { call, connectClients, expectGrpcError, workerRequest } from './support/grpc-clients';
import { KeepaliveStreamClient } from './support/keepalive-stream';
import { NOT_LEADER_TRAILER } from '../../libs/grpc/src';

/** Takeover budget on a loaded 2-core machine: lease_ttl, a renew tick, recovery, margin. */
const TAKEOVER_BUDGET_MS = TEST_LEASE_TTL_MS + 13_000;

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

async function storedWorkerIds(client: Client): Promise<Set<string>> {
  const result = await client.query<{ worker_id: string }>('SELECT worker_id FROM workers');
  return new Set(result.rows.map((r) => r.worker_id));
}

async function leaseHolder(client: Client): Promise<{ holder: string; epoch: number }> {
  const result = await client.query<{ holder: string; epoch: string }>(
    'SELECT holder, epoch FROM ha_lease WHERE id = 1',
  );
  return { holder: result.rows[0].holder, epoch: Number(result.rows[0].epoch) };
}

/** Starts a leader (gs-a) and, once it serves, a standby (gs-b) on the same database. */
async function startPair(db: TestDatabase): Promise<[HaInstance, HaInstance]> {
  const a = await startHaInstance(haConfig(db.url, 'gs-a'));
  await a.waitForLog(SERVING_LOG, 30_000);
  const b = await startHaInstance(haConfig(db.url, 'gs-b'));
  return [a, b];
}

describe('high availability on PostgreSQL', { skip: !testDrivers().includes('postgres') }, () => {
  const started: HaInstance[] = [];
  const databases: TestDatabase[] = [];
  const track = (...instances: HaInstance[]) => started.push(...instances);
  after(async () => {
    await Promise.all(started.map((i) => i.kill()));
    await Promise.all(databases.map((d) => d.drop()));
  });

  test('kill -9 the leader under write load: the standby serves within lease_ttl + recovery, no acknowledged write lost', async () => {
    const db = await createTestDatabase('kill');
    databases.push(db);
    const [a, b] = await startPair(db);
    track(a, b);

    // The standby: not ready, and every RPC refused naming the leader.
    assert.equal(await b.health(), 503);
    const standbyClients = connectClients(b.address);
    try {
      const refused = await expectGrpcError(
        call(standbyClients.runtime, 'RegisterWorker', workerRequest()),
        grpc.status.UNAVAILABLE,
      );
      assert.match(refused.details, /standby; the leader is gs-a at \S+:\d+ \(epoch 1\)/);
      // A KeepaliveStream (our own bidi stream) ends the same way, with the trailers that
      // name the leader.
      const stream = new KeepaliveStreamClient(b.address);
      stream.write({ keepalive: { registration_id: 'reg_x', owner_pid: 1 } });
      const ended = await stream.ended;
      assert.equal(grpc.status[ended.code], 'UNAVAILABLE');
      assert.match(ended.details, /standby; the leader is gs-a at \S+:\d+ \(epoch 1\)/);
      assert.deepEqual(ended.metadata.get(NOT_LEADER_TRAILER), ['1']);
      assert.equal(stream.answers.length, 0);
    } finally {
      standbyClients.close();
    }

    const load = startWriteLoad(a.address, 8, 'kill');
    await sleep(1500);
    const killedAt = Date.now();
    await a.kill();
    await b.waitForLog(SERVING_LOG, TAKEOVER_BUDGET_MS);
    const leader = await waitForLeader([b], 5000);
    const failoverMs = Date.now() - killedAt;
    await load.stop();
    process.stdout.write(
      `# kill -9 -> standby serving and answering: ${failoverMs} ms (lease_ttl ${TEST_LEASE_TTL_MS} ms); ` +
        `${load.acked.length} writes acknowledged\n`,
    );
    assert.ok(load.acked.length > 0, 'the load acknowledged writes before the kill');
    assert.ok(failoverMs < TAKEOVER_BUDGET_MS, `failover took ${failoverMs} ms`);

    const client = await db.client();
    const stored = await storedWorkerIds(client);
    const lost = load.acked.filter((w) => !stored.has(w.workerId));
    assert.deepEqual(lost, [], 'every acknowledged RegisterWorker is in the database');
    assert.deepEqual(await leaseHolder(client), { holder: 'gs-b', epoch: 2 });

    // The new leader answers from recovered state: a worker the old leader acknowledged.
    const clients = connectClients(leader.address);
    try {
      const some = load.acked[load.acked.length - 1].workerId;
      const got = await call(clients.globalAdmin, 'GetWorker', { worker_id: some });
      assert.equal(got.worker.worker_id, some);
      await call(clients.runtime, 'RegisterWorker', workerRequest());
    } finally {
      clients.close();
    }
    const metrics = await (await fetch(`http://127.0.0.1:${b.metricsPort}/metrics`)).text();
    assert.match(metrics, /^tc_ha_is_leader 1$/m);
    assert.match(metrics, /^tc_ha_epoch 2$/m);
    assert.match(metrics, /^tc_ha_leader_changes_total [1-9]/m);
  });

  test("a standby's dashboard and `tensorcast global status` say it is a standby and name the leader", async () => {
    const db = await createTestDatabase('standby_ui');
    databases.push(db);
    const withDashboard = { observability: { dashboard: { enabled: true } } };
    const a = await startHaInstance(haConfig(db.url, 'gs-a', withDashboard));
    track(a);
    await a.waitForLog(SERVING_LOG, 30_000);
    const b = await startHaInstance(haConfig(db.url, 'gs-b', withDashboard));
    track(b);
    // The standby names the leader once it has read the lease row (its first tick).
    await b.waitForLog(/the leader is gs-a at/, 10_000);
    const leaderAt = `\\S+:${a.grpcPort}`;

    for (const path of ['/ui', '/ui/workers', '/ui/replicas', '/ui/registrations']) {
      const page = await fetch(`http://127.0.0.1:${b.metricsPort}${path}`);
      const text = await page.text();
      assert.equal(page.status, 503, `${path} on the standby`);
      assert.match(text, /instance \(<code>gs-b<\/code>\) is a standby/);
      assert.match(
        text,
        new RegExp(
          `leader is <code>gs-a</code>\\s+at\\s+<code>${leaderAt}</code> \\(epoch\\s+1\\)`,
        ),
      );
      assert.doesNotMatch(text, /No workers have registered|data-field="workers-total"/);
    }
    const leaderPage = await fetch(`http://127.0.0.1:${a.metricsPort}/ui`);
    assert.equal(leaderPage.status, 200);
    assert.doesNotMatch(await leaderPage.text(), /is a standby/);

    const standbyStatus = await runCli(['global', 'status', `--endpoint=${b.address}`]);
    assert.equal(standbyStatus.code, 1, standbyStatus.stderr);
    assert.equal(standbyStatus.stdout, '');
    assert.match(
      standbyStatus.stderr,
      new RegExp(
        `^error: the Global Store at ${b.address} is not the leader, so it has no cluster ` +
          `state to answer GetClusterStatus from: Global Store instance gs-b is a standby; ` +
          `the leader is gs-a at ${leaderAt} \\(epoch 1\\)\\. Run the command against the ` +
          `leader: --endpoint=${leaderAt}\\n$`,
      ),
    );
    const leaderStatus = await runCli(['global', 'status', `--endpoint=${a.address}`]);
    assert.equal(leaderStatus.code, 0, leaderStatus.stderr);
    assert.match(leaderStatus.stdout, /LEADER epoch 1/);
    // Not "in-memory": the data is in PostgreSQL.
    assert.match(
      leaderStatus.stdout,
      new RegExp(`^Database:\\s+postgres://127\\.0\\.0\\.1:5432/${db.name} \\(PostgreSQL\\)$`, 'm'),
    );
    const overview = await (await fetch(`http://127.0.0.1:${a.metricsPort}/ui`)).text();
    assert.match(
      overview,
      new RegExp(`PostgreSQL <code>postgres://127\\.0\\.0\\.1:5432/${db.name}</code>`),
    );
    assert.doesNotMatch(overview, /in-memory/);
  });

  test('SIGSTOP the leader until the standby takes over, SIGCONT: none of its pending writes commit and it reports NOT_SERVING', async () => {
    const db = await createTestDatabase('pause');
    databases.push(db);
    const [a, b] = await startPair(db);
    track(a, b);
    const client = await db.client();

    const load = startWriteLoad(a.address, 8, 'pause', 60_000);
    // A second connection, opened before the pause, for calls sent while the leader is stopped.
    const lateCaller = connectClients(a.address);
    await call(lateCaller.runtime, 'RegisterWorker', workerRequest());
    await sleep(1500);
    a.signal('SIGSTOP');
    // These reach the stopped process's socket: it can only read them after SIGCONT, when
    // its lease is gone. The load's own calls may all have been in a COMMIT that the
    // database finished during the pause, so they alone prove nothing about pending writes.
    const sentWhilePaused = Array.from({ length: 4 }, () =>
      call(lateCaller.runtime, 'RegisterWorker', workerRequest(), 60_000).then(
        () => 'OK',
        (error: grpc.ServiceError) => grpc.status[error.code] ?? String(error.code),
      ),
    );
    await b.waitForLog(SERVING_LOG, TAKEOVER_BUDGET_MS + TEST_LEASE_TTL_MS);
    const storedAtTakeover = await storedWorkerIds(client);
    assert.equal((await leaseHolder(client)).holder, 'gs-b');

    a.signal('SIGCONT');
    const resumedAt = Date.now();
    // Calls the paused leader had received or queued are answered now, all as failures.
    await load.stop();
    // A write committed just before SIGSTOP may be answered only after SIGCONT (the answer
    // was not sent yet): such late answers must be for rows stored before the takeover.
    const lateAnswers = load.acked.filter((w) => w.at >= resumedAt);
    assert.deepEqual(
      lateAnswers.filter((w) => !storedAtTakeover.has(w.workerId)),
      [],
      'the resumed leader acknowledged nothing it committed after the takeover',
    );
    assert.deepEqual(
      await Promise.all(sentWhilePaused),
      ['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE'],
      'calls that reached it while it was paused failed UNAVAILABLE',
    );
    lateCaller.close();
    assert.deepEqual(
      [...load.errors.keys()].filter((code) => code !== 'UNAVAILABLE'),
      [],
      `its pending writes failed UNAVAILABLE or were committed before the takeover (${JSON.stringify([...load.errors])})`,
    );

    await a.waitForLog(/stepped down as leader \(epoch 1\)/, 10_000);
    // Rebuilt in the same process as a fresh standby on the same ports.
    await a.waitForLog(/Global Store standby:[\s\S]*Global Store standby:/, 30_000);
    assert.equal(await a.health(), 503, 'the old leader reports NOT_SERVING');
    const refusedBy = connectClients(a.address);
    try {
      // The rebuilt standby learns the leader from its first read of the lease row, which
      // may finish after its log line: until then it says so ("no leader is known yet").
      const namesLeader = /gs-a is a standby; the leader is gs-b at \S+ \(epoch 2\)/;
      const until = Date.now() + 10_000;
      for (;;) {
        const refused = await expectGrpcError(
          call(refusedBy.runtime, 'RegisterWorker', workerRequest()),
          grpc.status.UNAVAILABLE,
        );
        if (namesLeader.test(refused.details) || Date.now() > until) {
          assert.match(refused.details, namesLeader);
          break;
        }
        assert.match(refused.details, /gs-a is a standby; no leader is known yet/);
        await sleep(200);
      }
    } finally {
      refusedBy.close();
    }
    assert.equal(a.exitCode(), undefined, 'it keeps running');
    assert.ok(Date.now() - resumedAt < 40_000);

    const storedAfter = await storedWorkerIds(client);
    const committedByOldLeader = [...storedAfter].filter((id) => !storedAtTakeover.has(id));
    assert.deepEqual(committedByOldLeader, [], 'no write of the deposed leader committed');
    const lost = load.acked.filter((w) => !storedAfter.has(w.workerId));
    assert.deepEqual(lost, []);
    assert.equal(await b.health(), 200);
  });

  test('database connections cut (pg_terminate_backend): a leader that reconnects in time keeps its lease; one cut off past its lease stops serving, and the cluster settles on one leader', async () => {
    const db = await createTestDatabase('cut');
    databases.push(db);
    const [a, b] = await startPair(db);
    track(a, b);
    const admin = await db.client();
    const cutAll = () =>
      admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [db.name],
      );
    const load = startWriteLoad(a.address, 4, 'cut');
    await sleep(1000);

    // One cut: both reconnect at once; the leader renews before its lease ends.
    const cut = await cutAll();
    assert.ok(cut.rowCount !== null && cut.rowCount >= 4, 'both instances had connections');
    await sleep(TEST_LEASE_TTL_MS * 2);
    assert.deepEqual(await leaseHolder(admin), { holder: 'gs-a', epoch: 1 });
    assert.equal(await a.health(), 200);

    // Cut off for longer than the lease (new connections refused too): the leader stops
    // serving before anyone can take over.
    await allowConnections(db.name, false);
    try {
      await terminateConnections(db.name);
      await a.waitForLog(/stepped down as leader \(epoch 1\)/, TEST_LEASE_TTL_MS + 8000);
      // 503, or nothing while it rebuilds itself as a standby: never 200.
      assert.notEqual(await a.health(), 200);
    } finally {
      await allowConnections(db.name, true);
    }
    await load.stop();
    const check = await db.client();

    const leader = await waitForLeader([a, b], TAKEOVER_BUDGET_MS + TEST_LEASE_TTL_MS);
    await sleep(TEST_LEASE_TTL_MS);
    const serving = [];
    for (const instance of [a, b]) if ((await instance.health()) === 200) serving.push(instance.id);
    assert.deepEqual(serving, [leader.id], 'exactly one instance serves');
    const lease = await leaseHolder(check);
    assert.equal(lease.holder, leader.id);
    assert.ok(lease.epoch >= 2);
    assert.equal(a.exitCode(), undefined);
    assert.equal(b.exitCode(), undefined);
    const stored = await storedWorkerIds(check);
    assert.deepEqual(
      load.acked.filter((w) => !stored.has(w.workerId)),
      [],
    );
  });

  const loops = Number(process.env.TC_HA_FAILOVER_LOOP ?? 0);
  test(
    `failover loop: ${loops} kill -9 of the leader (TC_HA_FAILOVER_LOOP)`,
    { skip: loops <= 0 ? 'set TC_HA_FAILOVER_LOOP=N to run N kills' : false },
    async () => {
      const db = await createTestDatabase('loop');
      databases.push(db);
      const client = await db.client();
      let [leader, standby] = await startPair(db);
      track(leader, standby);
      const times: number[] = [];
      for (let i = 0; i < loops; i += 1) {
        const load = startWriteLoad(leader.address, 4, `loop${i}`);
        await sleep(500);
        const killedAt = Date.now();
        await leader.kill();
        const next = await waitForLeader([standby], TAKEOVER_BUDGET_MS);
        times.push(Date.now() - killedAt);
        await load.stop();
        const stored = await storedWorkerIds(client);
        assert.deepEqual(
          load.acked.filter((w) => !stored.has(w.workerId)),
          [],
          `kill ${i + 1}: acknowledged writes lost`,
        );
        const fresh = await startHaInstance(haConfig(db.url, `gs-${i}`));
        track(fresh);
        [leader, standby] = [next, fresh];
      }
      const sorted = [...times].sort((x, y) => x - y);
      process.stdout.write(
        `# failover loop: ${loops} kills, none lost an acknowledged write; ms min ${sorted[0]} ` +
          `median ${sorted[Math.floor(sorted.length / 2)]} max ${sorted[sorted.length - 1]}\n`,
      );
    },
  );
});
