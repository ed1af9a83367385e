/**
 * Failover time of the high-availability pair on PostgreSQL (docs/high-availability.md):
 * two real Global Stores on one database, a write load on the leader, kill -9 of the leader,
 * and the time until the standby reports SERVING and a real RPC succeeds there. Repeated
 * --kills times (each kill's victim is replaced by a fresh standby). Every acknowledged
 * write is checked in the database after each kill. The reference is the lease_ttl: a
 * standby may take over only once the lease has expired, so failover >= lease_ttl.
 *
 *   node dist/bench/failover.bench.js [--kills=20] [--lease-ttl-ms=2000] [--renew-interval-ms=500]
 *     [--concurrency=4] [--load-seconds=1]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { TEST_POSTGRES } from '../libs/ha/src/ha-test-database.harness';
import { UsageError, intArg, numberArg, parseStringOptions } from './support/args';
import {
  HaInstance,
  SERVING_LOG,
  createTestDatabase,
  haConfig,
  startHaInstance,
  startWriteLoad,
  waitForLeader,
} from './support/ha-cluster';
import { percentile } from './support/stats';
import { printTable, ratio } from './support/table';

const USAGE =
  'usage: failover.bench [--kills=N] [--lease-ttl-ms=MS] [--renew-interval-ms=MS] ' +
  '[--concurrency=N] [--load-seconds=S]\n';

interface FailoverOptions {
  kills: number;
  leaseTtlMs: number;
  renewIntervalMs: number;
  concurrency: number;
  loadSeconds: number;
}

export function parseFailoverArgs(argv: readonly string[]): FailoverOptions {
  const v = parseStringOptions(argv, [
    'kills',
    'lease-ttl-ms',
    'renew-interval-ms',
    'concurrency',
    'load-seconds',
  ]);
  const leaseTtlMs = intArg('lease-ttl-ms', v['lease-ttl-ms'], 2000, 200);
  const renewIntervalMs = intArg('renew-interval-ms', v['renew-interval-ms'], 500, 50);
  if (renewIntervalMs * 2 > leaseTtlMs)
    throw new UsageError('--renew-interval-ms must be at most half of --lease-ttl-ms');
  return {
    kills: intArg('kills', v.kills, 20),
    leaseTtlMs,
    renewIntervalMs,
    concurrency: intArg('concurrency', v.concurrency, 4),
    loadSeconds: numberArg('load-seconds', v['load-seconds'], 1, 0.1),
  };
}

async function postgresReachable(): Promise<boolean> {
  const client = new Client({
    ...TEST_POSTGRES,
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function runFailoverBench(o: FailoverOptions): Promise<boolean> {
  if (!(await postgresReachable())) {
    process.stdout.write(
      `skipped: no PostgreSQL at ${TEST_POSTGRES.host}:${TEST_POSTGRES.port} (the failover bench needs one)\n`,
    );
    return true;
  }
  const db = await createTestDatabase('bench');
  const check = await db.client();
  const lease = { lease_ttl: `${o.leaseTtlMs}ms`, renew_interval: `${o.renewIntervalMs}ms` };
  const config = (id: string) =>
    haConfig(db.url, id, { ha: lease, observability: { logging: { level: 'INFO' } } });
  const instances: HaInstance[] = [];
  const times: number[] = [];
  let lostWrites = 0;
  let acked = 0;
  try {
    let leader = await startHaInstance(config('bench-0'));
    instances.push(leader);
    await leader.waitForLog(SERVING_LOG, 30_000);
    let standby = await startHaInstance(config('bench-1'));
    instances.push(standby);
    for (let kill = 1; kill <= o.kills; kill += 1) {
      const load = startWriteLoad(leader.address, o.concurrency, `bench${kill}`);
      await sleep(o.loadSeconds * 1000);
      const killedAt = performance.now();
      await leader.kill();
      const next = await waitForLeader([standby], o.leaseTtlMs * 3 + 60_000, 10);
      const ms = performance.now() - killedAt;
      times.push(ms);
      await load.stop();
      const stored = new Set(
        (await check.query<{ worker_id: string }>('SELECT worker_id FROM workers')).rows.map(
          (r) => r.worker_id,
        ),
      );
      const lost = load.acked.filter((w) => !stored.has(w.workerId)).length;
      lostWrites += lost;
      acked += load.acked.length;
      process.stdout.write(
        `kill ${kill}/${o.kills}: ${next.id} serving after ${Math.round(ms)} ms ` +
          `(${ratio(ms / o.leaseTtlMs)} lease_ttl), ${load.acked.length} writes acknowledged, ${lost} lost\n`,
      );
      const fresh = await startHaInstance(config(`bench-${kill + 1}`));
      instances.push(fresh);
      // Let the fresh standby see the lease once, as a long-running standby would have.
      await fresh.waitForLog(/the leader is /, 30_000);
      [leader, standby] = [next, fresh];
    }
  } finally {
    await Promise.all(instances.map((i) => i.kill()));
    await db.drop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const row = (label: string, valueMs: number) => ({
    '': label,
    ms: Math.round(valueMs),
    'x lease_ttl': ratio(valueMs / o.leaseTtlMs),
  });
  process.stdout.write(
    `\nfailover (kill -9 -> standby SERVING and an RPC answered), ${times.length} kills, ` +
      `lease_ttl ${o.leaseTtlMs} ms (the reference), renew_interval ${o.renewIntervalMs} ms\n`,
  );
  printTable([
    row('min', sorted[0]),
    row('median', percentile(sorted, 0.5)),
    row('p90', percentile(sorted, 0.9)),
    row('max', sorted[sorted.length - 1]),
  ]);
  process.stdout.write(`acknowledged writes: ${acked}, lost: ${lostWrites}\n`);
  return lostWrites === 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: FailoverOptions;
  try {
    options = parseFailoverArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  return (await runFailoverBench(options)) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `failover bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
