import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, connectClients } from './support/grpc-clients';
import {
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('signals', () => {
  test('SIGHUP re-reads the log settings and reopens the log file; the server keeps serving', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'global-store.log');
    const configPath = writeConfig(
      dir,
      testConfig({ observability: { logging: { level: 'INFO', file: logFile } } }),
    );
    const server = await startGlobalStore(configPath, { LOG_LEVEL: '' });
    const clients = connectClients(server.address);
    try {
      writeConfig(
        dir,
        testConfig({ observability: { logging: { level: 'DEBUG', file: logFile } } }),
      );
      // A rotation moved the old file away: the next line must land in a new file.
      writeFileSync(logFile, '');
      server.child.kill('SIGHUP');
      await waitFor(
        () => /SIGHUP: logging reloaded .*level DEBUG/.test(server.output()),
        'the reload line',
      );
      assert.match(readFileSync(logFile, 'utf8'), /SIGHUP: logging reloaded/);
      assert.equal((await call(clients.admin, 'HealthCheck', {})).cluster_token, 'test-token');

      writeFileSync(configPath, 'server: [not a mapping\n');
      server.child.kill('SIGHUP');
      await waitFor(
        () => /SIGHUP: kept the current logging settings/.test(server.output()),
        'the refusal',
      );
      assert.equal((await call(clients.admin, 'HealthCheck', {})).cluster_token, 'test-token');
      assert.equal(server.child.exitCode, null, 'still running');
    } finally {
      clients.close();
    }
    assert.equal(await server.stop(), 0, 'SIGTERM still drains and exits 0');
  });
});

describe('port conflicts', () => {
  test('a metrics port in use is refused naming server.metrics_port', async () => {
    const first = await startGlobalStore(writeConfig(tempDir(), testConfig()));
    try {
      const config = writeConfig(
        tempDir(),
        testConfig({ server: { metrics_port: first.metricsPort } }),
      );
      const result = await runCli(['global', 'start', `--config=${config}`], {}, 30_000);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stderr, /server\.metrics_port: cannot listen .*EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });

  test('a gRPC port in use exits 1 with one line naming server.listen.port, and no success line', async () => {
    const first = await startGlobalStore(writeConfig(tempDir(), testConfig()));
    try {
      const config = writeConfig(
        tempDir(),
        testConfig({ server: { listen: { port: first.grpcPort } } }),
      );
      const result = await runCli(['global', 'start', `--config=${config}`], {}, 30_000);
      const output = result.stdout + result.stderr;
      assert.equal(result.code, 1, output);
      const errors = result.stderr.split('\n').filter((line) => line.trim() !== '');
      assert.equal(errors.length, 1, `one line on stderr:\n${result.stderr}`);
      assert.match(
        errors[0],
        new RegExp(
          `server\\.listen\\.port: cannot listen for gRPC on 127\\.0\\.0\\.1:${first.grpcPort}: .*EADDRINUSE`,
        ),
      );
      assert.doesNotMatch(output, /successfully started|serving:/i);
    } finally {
      await first.stop();
    }
  });

  test('the default log level keeps Nest bootstrap lines out; DEBUG still has them', async () => {
    const quiet = await startGlobalStore(writeConfig(tempDir(), testConfig()));
    const quietOutput = quiet.output();
    await quiet.stop();
    assert.match(quietOutput, /Global Store serving: gRPC on/);
    assert.doesNotMatch(quietOutput, /InstanceLoader|RoutesResolver|RouterExplorer|NestFactory/);
    assert.doesNotMatch(quietOutput, /successfully started/);

    const verbose = await startGlobalStore(
      writeConfig(tempDir(), testConfig({ observability: { logging: { level: 'DEBUG' } } })),
    );
    const verboseOutput = verbose.output();
    await verbose.stop();
    assert.match(verboseOutput, /DEBUG +\[InstanceLoader\]/);
    assert.match(
      verboseOutput,
      /\[NestApplication\] Nest modules initialized \(listeners not bound yet\)/,
    );
  });
});
