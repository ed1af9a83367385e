import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runCrashHarness } from '../crash/crash-harness';

// The short CI form of test/crash/crash-harness.ts; docs/benchmarks.md has long runs.
test('SIGKILL under concurrent writes: every acknowledged write survives, nothing half-written', async () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  const lines: string[] = [];
  const report = await runCrashHarness({
    cycles: 3,
    writers: 8,
    minKillMs: 300,
    maxKillMs: 1500,
    seed,
    synchronous: 'FULL',
    log: (line) => lines.push(line),
  }).catch((error: unknown) => {
    throw new Error(
      `crash harness failed (CRASH_SEED=${seed} repeats the kill times):\n${lines.join('\n')}\n${String(error)}`,
    );
  });
  assert.equal(report.cycles.length, 3);
  assert.ok(report.replicaRpcs, 'RegisterReplica is exercised too');
  assert.ok(report.totalAckedWorkers > 0 && report.totalAckedReplicas > 0, lines.join('\n'));
  assert.ok(
    report.cycles.some((c) => c.inFlight > 0),
    'at least one kill landed with writes in flight',
  );
});
