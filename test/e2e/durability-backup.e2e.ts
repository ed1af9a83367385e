import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  workerRequest,
} from './support/grpc-clients';

async function registerWorker(clients: GlobalStoreClients): Promise<Message> {
  const request = workerRequest();
  const response = await call(clients.runtime, 'RegisterWorker', request);
  assert.equal(response.status, 'STATUS_OK');
  return { ...request, worker_id: response.worker_id };
}

describe('durability: online backup and restore', () => {
  test('backup under write load → restore into the stopped server → every write acknowledged before the backup is there', async () => {
    const dir = tempDir('tc-backup-e2e-');
    const dbFile = join(dir, 'store.db');
    const configPath = writeConfig(dir, testConfig({ database: { db_file: dbFile } }));
    const server = await startGlobalStore(configPath);
    const clients = connectClients(server.address);
    const backupPath = join(dir, 'backups', 'snapshot.db');
    const acknowledged: string[] = [];
    let load: Promise<void> | undefined;
    try {
      for (let i = 0; i < 20; i++)
        acknowledged.push((await registerWorker(clients)).worker_id as string);
      const { cluster_id: clusterId } = await call(clients.admin, 'GetServerInfo', {});

      let writing = true;
      load = Promise.all(
        Array.from({ length: 8 }, async () => {
          while (writing) acknowledged.push((await registerWorker(clients)).worker_id as string);
        }),
      ).then(() => undefined);
      await sleep(300);
      const ackedBeforeBackup = [...acknowledged];
      const backup = await runCli([
        'global',
        'backup',
        `--config=${configPath}`,
        `--out=${backupPath}`,
      ]);
      const ackedAfterBackup = acknowledged.length;
      writing = false;
      await load;
      assert.equal(backup.code, 0, backup.stderr);
      assert.ok(
        ackedAfterBackup > ackedBeforeBackup.length,
        'writes were acknowledged while the backup ran',
      );
      assert.match(backup.stdout, new RegExp(`backup of ${dbFile} written to ${backupPath}`));
      assert.match(backup.stdout, /size: \d+ bytes/);
      assert.match(backup.stdout, /verified: integrity_check ok/);
      const backedUpWorkers = Number(/\bworkers=(\d+)/.exec(backup.stdout)?.[1]);
      assert.ok(backedUpWorkers >= ackedBeforeBackup.length, backup.stdout);

      const again = await runCli([
        'global',
        'backup',
        `--config=${configPath}`,
        `--out=${backupPath}`,
      ]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exists; refusing to overwrite/);

      // Refused while running: the SQLite lock (ports are ephemeral in this config)...
      const busy = await runCli([
        'global',
        'restore',
        `--config=${configPath}`,
        `--from=${backupPath}`,
      ]);
      assert.equal(busy.code, 1);
      assert.match(busy.stderr, /open in another process.*stop the Global Store/);
      // ...and the configured port when it is fixed.
      const fixedPorts = writeConfig(
        dir,
        testConfig({
          database: { db_file: dbFile },
          server: { listen: { port: server.grpcPort } },
        }),
        'fixed.yaml',
      );
      const listening = await runCli([
        'global',
        'restore',
        `--config=${fixedPorts}`,
        `--from=${backupPath}`,
      ]);
      assert.equal(listening.code, 1);
      assert.match(
        listening.stderr,
        new RegExp(`a server is listening on 127\\.0\\.0\\.1:${server.grpcPort}`),
      );

      clients.close();
      assert.equal(await server.stop(), 0);

      const restore = await runCli([
        'global',
        'restore',
        `--config=${configPath}`,
        `--from=${backupPath}`,
      ]);
      assert.equal(restore.code, 0, restore.stderr);
      assert.match(restore.stdout, new RegExp(`kept as ${dbFile}\\.pre-restore-\\d{8}T\\d{6}Z`));
      assert.match(restore.stdout, new RegExp(`\\bworkers=${backedUpWorkers}\\b`));

      const restored = await startGlobalStore(configPath);
      const after = connectClients(restored.address);
      try {
        const info = await call(after.admin, 'GetServerInfo', {});
        assert.equal(info.cluster_id, clusterId, 'same cluster after the restore');
        const listed = await call(after.runtime, 'ListActiveWorkers', {
          include_unavailable: true,
        });
        const ids = new Set(listed.workers.map((w: Message) => w.worker_id as string));
        assert.equal(ids.size, backedUpWorkers, 'exactly the snapshot');
        assert.deepEqual(
          ackedBeforeBackup.filter((id) => !ids.has(id)),
          [],
          'every worker acknowledged before the backup started is restored',
        );
        assert.match(restored.output(), new RegExp(`rows restored: workers=${backedUpWorkers} `));
      } finally {
        after.close();
        assert.equal(await restored.stop(), 0);
      }
    } finally {
      clients.close();
      await load?.catch(() => undefined);
      await server.stop();
    }
  });

  test('backup and restore refuse an in-memory config and a missing path', async () => {
    const dir = tempDir('tc-backup-usage-');
    const inMemory = writeConfig(dir, testConfig());
    const backup = await runCli([
      'global',
      'backup',
      `--config=${inMemory}`,
      `--out=${join(dir, 'x.db')}`,
    ]);
    assert.equal(backup.code, 2);
    assert.match(backup.stderr, /database\.db_file is null \(in-memory\)/);
    const restore = await runCli([
      'global',
      'restore',
      `--config=${inMemory}`,
      `--from=${join(dir, 'x.db')}`,
    ]);
    assert.equal(restore.code, 2);
    assert.match(restore.stderr, /database\.db_file is null \(in-memory\)/);
    const withFile = writeConfig(
      dir,
      testConfig({ database: { db_file: join(dir, 'store.db') } }),
      'file.yaml',
    );
    const noOut = await runCli(['global', 'backup', `--config=${withFile}`]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /backup needs --out=PATH/);
    const nothing = await runCli([
      'global',
      'backup',
      `--config=${withFile}`,
      `--out=${join(dir, 'y.db')}`,
    ]);
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /no database at .*store\.db/);
  });
});
