/**
 * Runs every benchmark in turn: npm run bench [-- --quick] [--only=TEXT] [--list].
 * --quick runs each bench's short variant (benches without one are skipped); --only keeps the
 * benches whose name contains TEXT. Exits 1 if any bench failed, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import * as daemonSim from './daemon-sim.bench';
import * as failover from './failover.bench';
import * as fleet from './fleet.bench';
import * as heartbeat from './heartbeat.bench';
import * as memoryTier from './memory-tier.bench';
import * as reconcile from './reconcile.bench';
import * as restart from './restart.bench';
import * as registerReplica from './register-replica.bench';
import * as registrations from './registrations.bench';
import * as rpcPaths from './rpc-paths.bench';
import * as scale from './scale.bench';

export interface BenchEntry {
  name: string;
  /** The bench's own CLI entry: takes its command-line arguments, resolves with an exit code. */
  main(argv: readonly string[]): Promise<number>;
  args: readonly string[];
  /** Arguments for --quick; undefined skips the bench in a quick run. */
  quickArgs?: readonly string[];
}

/** Add new benchmarks here; each runs as if from its own command line. */
export const BENCHES: readonly BenchEntry[] = [
  {
    name: 'heartbeat-1k',
    main: heartbeat.main,
    args: ['--workers=1000', '--seconds=10'],
    quickArgs: ['--workers=200', '--seconds=3', '--warmup=1'],
  },
  {
    name: 'heartbeat-10k',
    main: heartbeat.main,
    args: ['--workers=10000', '--seconds=10'],
  },
  {
    // The drivers side by side, interleaved rounds: an SQLite file against PostgreSQL.
    name: 'heartbeat-postgres-vs-sqlite',
    main: heartbeat.main,
    args: ['--workers=1000', '--seconds=10', '--targets=sqlite-file,postgres', '--rounds=3'],
    quickArgs: ['--workers=200', '--seconds=2', '--warmup=0.5', '--targets=sqlite-file,postgres'],
  },
  {
    name: 'register-replica-group-commit',
    main: registerReplica.main,
    args: ['--workers=256', '--seconds=10', '--concurrency=64'],
    quickArgs: ['--workers=64', '--seconds=3', '--warmup=1'],
  },
  {
    name: 'register-replica-postgres-vs-sqlite',
    main: registerReplica.main,
    args: [
      '--workers=256',
      '--seconds=10',
      '--concurrency=64',
      '--modes=grouped,postgres',
      '--rounds=3',
    ],
    quickArgs: ['--workers=32', '--seconds=2', '--warmup=0.5', '--modes=grouped,postgres'],
  },
  {
    name: 'registrations-10k',
    main: registrations.main,
    args: ['--open=10000', '--seconds=10', '--e2e-seconds=10'],
    quickArgs: ['--open=1000', '--seconds=2', '--warmup=1', '--e2e-seconds=2'],
  },
  {
    name: 'daemon-sim',
    main: daemonSim.main,
    args: ['--workers=10000', '--compress=2', '--seconds=10', '--rounds=2'],
    quickArgs: [
      '--workers=100',
      '--replicas=1',
      '--chunks=16',
      '--compress=10',
      '--seconds=1.5',
      '--rounds=1',
      '--storm-requesters=16',
      '--storm-seconds=1.5',
    ],
  },
  {
    name: 'reconcile',
    main: reconcile.main,
    args: ['--replicas=10000', '--reps=5', '--hb-workers=1000', '--snap-workers=100'],
    quickArgs: [
      '--replicas=1000',
      '--reps=2',
      '--hb-workers=200',
      '--snap-workers=20',
      '--baseline-seconds=1',
    ],
  },
  {
    name: 'reconcile-postgres-vs-sqlite',
    main: reconcile.main,
    args: [
      '--replicas=10000',
      '--reps=5',
      '--parts=snapshot',
      '--databases=memory,sqlite-file,postgres',
    ],
    quickArgs: [
      '--replicas=1000',
      '--reps=2',
      '--parts=snapshot',
      '--databases=sqlite-file,postgres',
    ],
  },
  {
    name: 'memory-tier',
    main: memoryTier.main,
    args: ['--workers=10000', '--seconds=5', '--rounds=2'],
    quickArgs: ['--workers=100', '--seconds=0.8', '--warmup=0.2', '--rounds=1'],
  },
  {
    // High availability on PostgreSQL: kill -9 of the leader, ≥ 20 times. The quick run keeps
    // two kills on a 1 s lease; it skips, saying so, when no PostgreSQL is reachable.
    name: 'failover',
    main: failover.main,
    args: ['--kills=20'],
    quickArgs: [
      '--kills=2',
      '--lease-ttl-ms=1000',
      '--renew-interval-ms=250',
      '--load-seconds=0.5',
    ],
  },
  {
    // Issue 16's per-RPC rows with CPU per call (add --ref=OTHER_BUILD/dist/global-store.js to compare
    // two builds); the quick variant skips etcd.
    name: 'rpc-paths',
    main: rpcPaths.main,
    args: ['--rounds=3', '--seconds=5'],
    quickArgs: [
      '--no-etcd',
      '--rounds=1',
      '--seconds=0.5',
      '--warmup=0.2',
      '--keepalive-open=200',
      '--hb-workers=100',
      '--snapshot-replicas=200',
      '--snapshot-reps=1',
    ],
  },
  {
    // Issue 16's table; installs etcd (bench/setup-etcd.sh) for its reference rows. The quick
    // variant never installs it and skips those rows, saying so, when etcd is absent.
    name: 'scale',
    main: scale.main,
    args: ['--workers=10000', '--medium-workers=1000'],
    quickArgs: ['--quick'],
  },
  {
    // Restart to SERVING at 1k workers + 100k replicas (wall and CPU), fixture built first.
    name: 'restart',
    main: restart.main,
    args: ['--workers=1000', '--replicas=100', '--reps=4'],
    quickArgs: ['--workers=20', '--replicas=10', '--reps=1'],
  },
  {
    // Issue 16's fleet row: simulated daemons (own channel each, spec behaviour) converging
    // first, then again after a SIGTERM + restart of the Global Store.
    name: 'fleet',
    main: fleet.main,
    args: ['--daemons=500', '--replicas=50', '--rounds=2'],
    quickArgs: ['--quick'],
  },
];

async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: { quick: { type: 'boolean' }, only: { type: 'string' }, list: { type: 'boolean' } },
    }));
  } catch (error) {
    process.stderr.write(
      `error: ${(error as Error).message}\nusage: run-all [--quick] [--only=TEXT] [--list]\n`,
    );
    return 2;
  }
  const selected = BENCHES.filter(
    (b) =>
      (values.only === undefined || b.name.includes(values.only)) && (!values.quick || b.quickArgs),
  );
  if (values.list) {
    for (const b of BENCHES) process.stdout.write(`${b.name}  ${b.args.join(' ')}\n`);
    return 0;
  }
  if (selected.length === 0) {
    process.stderr.write('no benchmark selected\n');
    return 2;
  }
  const outcomes: { name: string; code: number; seconds: number }[] = [];
  for (const bench of selected) {
    const args = values.quick ? (bench.quickArgs ?? []) : bench.args;
    process.stdout.write(`\n=== ${bench.name} (${args.join(' ')}) ===\n`);
    const started = Date.now();
    let code: number;
    try {
      code = await bench.main(args);
    } catch (error) {
      process.stderr.write(
        `${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      code = 1;
    }
    outcomes.push({ name: bench.name, code, seconds: (Date.now() - started) / 1000 });
  }
  process.stdout.write('\n=== summary ===\n');
  for (const o of outcomes) {
    process.stdout.write(
      `${o.code === 0 ? 'ok  ' : 'FAIL'}  ${o.name}  (${o.seconds.toFixed(0)} s)\n`,
    );
  }
  return outcomes.every((o) => o.code === 0) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `run-all failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
