import { spawnSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { call, connectClients, workerRequest } from './support/grpc-clients';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { E2eDatabase, e2eDatabase, testDrivers } from './support/databases';

/**
 * Gauges whose names the issues fix for compatibility with TensorCast dashboards although
 * promtool's linter wants `_total` only on counters. Documented in the README; nothing else
 * may appear in promtool's findings.
 */
const COMPAT_NAMES = ['tc_artifacts_total', 'tc_replicas_total'];

const promtool = spawnSync('promtool', ['--version']).status === 0;

for (const driver of testDrivers()) {
  describe(`/metrics exposition (${driver})`, () => {
    let server: GlobalStoreProcess;
    let database: E2eDatabase;

    before(async () => {
      database = await e2eDatabase(driver, 'metrics');
      server = await startGlobalStore(
        writeConfig(tempDir(), testConfig({ database: database.section })),
      );
      const clients = connectClients(server.address);
      await call(clients.runtime, 'RegisterWorker', workerRequest());
      clients.close();
    });

    after(async () => {
      await server.stop();
      await database.drop();
    });

    test(
      'promtool check metrics finds nothing beyond the documented compat names',
      {
        skip:
          !promtool && !process.env.CI
            ? 'promtool not installed (apt-get install prometheus)'
            : false,
      },
      async () => {
        assert.ok(promtool, 'CI must have promtool (installed by .ci/run)');
        const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
        const result = spawnSync('promtool', ['check', 'metrics'], {
          input: text,
          encoding: 'utf8',
        });
        const findings = `${result.stdout}${result.stderr}`
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '');
        const unexpected = findings.filter(
          (line) => !COMPAT_NAMES.some((name) => line.startsWith(`${name} `)),
        );
        assert.deepEqual(unexpected, [], 'promtool findings');
        assert.ok(
          result.status === 0 || findings.length > 0,
          `promtool failed without findings (${result.status})`,
        );
      },
    );

    test('the write queue exports commit latency, write latency and group size histograms', async () => {
      const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      for (const name of [
        'tc_db_commit_seconds',
        'tc_db_write_seconds',
        'tc_db_commit_group_size',
      ]) {
        assert.match(text, new RegExp(`^# TYPE ${name} histogram$`, 'm'));
        const count = Number(new RegExp(`^${name}_count (\\d+)$`, 'm').exec(text)?.[1]);
        assert.ok(count >= 1, `${name}_count is ${count} after a RegisterWorker`);
      }
      const writes = Number(/^tc_db_write_seconds_count (\d+)$/m.exec(text)?.[1]);
      const grouped = Number(/^tc_db_commit_group_size_sum (\d+)$/m.exec(text)?.[1]);
      assert.equal(grouped, writes, 'every write was in exactly one committed group');
    });

    test('every tc_ metric has HELP and TYPE, and no label value looks like an id', async () => {
      const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      const names = new Set(
        [...text.matchAll(/^(tc_[a-z0-9_]+?)(?:_bucket|_sum|_count)?[{ ]/gm)].map((m) => m[1]),
      );
      assert.ok(names.size > 0);
      for (const name of names) {
        const base = text.includes(`# TYPE ${name} `)
          ? name
          : name.replace(/_(bucket|sum|count)$/, '');
        assert.match(text, new RegExp(`^# HELP ${base} \\S`, 'm'), `${name} has HELP`);
        assert.match(
          text,
          new RegExp(`^# TYPE ${base} (counter|gauge|histogram)$`, 'm'),
          `${name} has TYPE`,
        );
      }
      // tc_register_pending_gauge{daemon_id} is the one label the spec keys by daemon.
      assert.doesNotMatch(
        text,
        /="(worker_|[0-9a-f]{8}-[0-9a-f]{4}-)/,
        'no worker or replica ids in labels',
      );
    });
  });
}
