import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { testDrivers } from '../../libs/persistence/src/test-databases.harness';
import { runCrashHarness } from '../crash/crash-harness';

// The short CI form of test/crash/crash-harness.ts; docs/benchmarks.md has long runs.
for (const driver of testDrivers()) {
  test(`SIGKILL under concurrent writes (${driver}): every acknowledged write survives, nothing half-written`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const lines: string[] = [];
    // Two cycles on PostgreSQL keep the default `npm test` short; the harness runs long soaks.
    const cycles = driver === 'postgres' ? 2 : 3;
    const report = await runCrashHarness({
      cycles,
      writers: 8,
      minKillMs: 300,
      maxKillMs: 1500,
      seed,
      synchronous: 'FULL',
      driver,
      log: (line) => lines.push(line),
    }).catch((error: unknown) => {
      throw new Error(
        `crash harness failed (CRASH_SEED=${seed} repeats the kill times):\n${lines.join('\n')}\n${String(error)}`,
      );
    });
    assert.equal(report.cycles.length, cycles);
    assert.ok(report.replicaRpcs, 'RegisterReplica is exercised too');
    assert.ok(report.totalAckedWorkers > 0 && report.totalAckedReplicas > 0, lines.join('\n'));
    assert.ok(
      report.cycles.some((c) => c.inFlight > 0),
      'at least one kill landed with writes in flight',
    );
  });
}
