import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sha256Multihash } from '../../libs/artifacts/src';
import {
  GlobalStoreProcess,
  RunResult,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { status } from '@grpc/grpc-js';
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  expectGrpcError,
} from './support/grpc-clients';
import { registerReplica, registerWorker, replicaRequest } from './support/replicas';

/** Every admin command, run as an operator would, against a real server on loopback. */
describe('tensorcast admin commands against a real server', () => {
  let dir: string;
  let server: GlobalStoreProcess;
  let clients: GlobalStoreClients;
  /** A config naming the server's actual port, as an operator's config would. */
  let clientConfig: string;
  let alive: Message;
  let dead: Message;
  let artifactId: string;
  let openRegistrationId: string;

  const cli = (...args: string[]): Promise<RunResult> =>
    runCli(['global', ...args, `--config=${clientConfig}`], { COLUMNS: '200' });
  const json = async (...args: string[]): Promise<Message> => {
    const result = await cli(...args, '-o', 'json');
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as Message;
  };

  before(async () => {
    dir = tempDir('tc-admin-');
    const config = testConfig({
      meta: { cluster_token: 'admin-token' },
      // The test's workers never heartbeat: keep them ACTIVE however slow the machine is.
      worker_policy: { heartbeat_timeout: '10m' },
      database: { db_file: join(dir, 'store.db') },
    });
    server = await startGlobalStore(writeConfig(dir, config));
    clientConfig = writeConfig(
      dir,
      {
        ...config,
        server: {
          ...(config.server as object),
          listen: { host: '127.0.0.1', port: server.grpcPort },
        },
      },
      'client.yaml',
    );
    clients = connectClients(server.address);

    const indexData = Buffer.from(JSON.stringify({ tensors: ['admin-e2e'] }));
    const indexMultihash = sha256Multihash(indexData);
    const dataMultihash = sha256Multihash(Buffer.from('bytes of admin-e2e'));
    artifactId = `mi2:${indexMultihash}:${dataMultihash}`;
    const upserted = await call(clients.catalog, 'UpsertArtifactMetadata', {
      descriptor: {
        artifact_id: artifactId,
        index_multihash: indexMultihash,
        data_multihash: dataMultihash,
        schema_version: 'v3',
        encoding: 'json',
        total_size: '4096',
        id_kind: 'ARTIFACT_ID_KIND_MI2',
      },
      canonical_index_data: indexData,
    });
    assert.equal(upserted.status, 'STATUS_OK');
    await call(clients.catalog, 'UpsertKeyMapping', {
      key: 'models/admin',
      artifact_id: artifactId,
    });

    alive = await registerWorker(clients, { node_id: 'node-alive' });
    dead = await registerWorker(clients, { node_id: 'node-dead' });
    await registerReplica(
      clients,
      replicaRequest(alive.worker_id, artifactId, {
        node_id: 'node-alive',
        memory_type: 'MEMORY_TYPE_RAM',
        remote_memory_keys: [],
        buffer_sizes: [],
      }),
    );
    await registerReplica(
      clients,
      replicaRequest(dead.worker_id, artifactId, { node_id: 'node-dead', node_port: 7002 }),
    );
    const begun = await call(clients.registration, 'BeginRegistration', {
      worker_id: dead.worker_id,
      daemon_id: dead.daemon_id,
      owner_pid: 42,
      total_size: '96',
      tensor_index_data: indexData,
      coalesced: {},
    });
    openRegistrationId = begun.registration_id as string;
  });

  after(async () => {
    clients?.close();
    await server?.stop();
  });

  test('status: table and JSON count workers by state, replicas by tier, leases, database', async () => {
    const table = await cli('status');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Serving:\s+SERVING$/m);
    assert.match(table.stdout, /^Workers:\s+2 \(2 ACTIVE\)$/m);
    assert.match(table.stdout, /^Open registrations:\s+1$/m);
    assert.match(table.stdout, /^GPU\s+1\s+0$/m);
    assert.match(table.stdout, /^RAM\s+1\s+0$/m);
    assert.match(table.stdout, new RegExp(`^Database:\\s+${join(dir, 'store.db')} \\(`, 'm'));
    const status = await json('status');
    assert.equal(status.servingState, 'SERVING');
    assert.equal(status.workerTotal, 2);
    assert.equal(status.workersByState.ACTIVE, 2);
    assert.equal(status.replicaTotal, 2);
    assert.equal(status.artifactTotal, 1);
    assert.equal(status.openRegistrations, 1);
    assert.equal(status.database.writeQueueDepth, 0);
    assert.ok(status.database.bytes > 0);
    assert.match(status.clusterId, /^cluster-/);
    assert.deepEqual(status.leadership, { role: 'STANDALONE', leaderId: '', epoch: 0 });
  });

  test('status --watch refreshes until interrupted', async () => {
    const { spawn } = await import('node:child_process');
    const { MAIN_JS } = await import('./support/global-store.process');
    const child = spawn(process.execPath, [
      MAIN_JS,
      'global',
      'status',
      '--watch',
      '0.2',
      `--endpoint=${server.address}`,
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const started = Date.now();
    while ((out.match(/^Serving:/gm) ?? []).length < 2 && Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.ok((out.match(/^Every 0\.2s, /gm) ?? []).length >= 2, out);
  });

  test('workers list|show: every state, last heartbeat, replica counts; table and JSON', async () => {
    const table = await cli('workers', 'list');
    assert.equal(table.code, 0, table.stderr);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    assert.match(
      header,
      /^WORKER ID\s+NODE\s+ADDRESS\s+STATE\s+LAST HEARTBEAT\s+REPLICAS\s+MEM AVAILABLE$/,
    );
    assert.equal(rows.length, 2);
    const stateColumn = header.indexOf('STATE');
    for (const row of rows) assert.equal(row.slice(stateColumn, stateColumn + 6), 'ACTIVE');
    assert.match(
      table.stdout,
      new RegExp(
        `${dead.worker_id}\\s+node-dead\\s+127\\.0\\.0\\.1:${dead.grpc_port}\\s+ACTIVE\\s+\\S+ ago\\s+1/1`,
      ),
    );
    const listed = await json('workers', 'list');
    assert.deepEqual(
      listed.map((w: Message) => w.workerId).sort(),
      [alive.worker_id, dead.worker_id].sort(),
    );

    const shown = await json('workers', 'show', dead.worker_id);
    assert.equal(shown.state, 'ACTIVE');
    assert.equal(shown.replicaCount, 1);
    assert.equal(shown.replicas[0].tier, 'GPU');
    assert.deepEqual(
      shown.openRegistrations.map((r: Message) => r.registrationId),
      [openRegistrationId],
    );
    const showTable = await cli('workers', 'show', dead.worker_id);
    assert.match(showTable.stdout, /^State:\s+ACTIVE$/m);
    assert.match(showTable.stdout, /^Open registrations:$/m);

    // Timed-out and inactive workers are listed too, with their state.
    await call(clients.runtime, 'UnregisterWorker', { worker_id: dead.worker_id });
    const inactive = await json('workers', 'list', '--state', 'INACTIVE');
    assert.deepEqual(
      inactive.map((w: Message) => w.workerId),
      [dead.worker_id],
    );
    assert.equal(inactive[0].availableReplicaCount, 0);
    assert.equal(inactive[0].replicaCount, 1);
    const missing = await cli('workers', 'show', 'worker_nope');
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^error: GetWorker failed: NOT_FOUND: worker_id: no worker worker_nope$/m,
    );
  });

  test('replicas list: ids, worker, availability; filters; table and JSON', async () => {
    const all = await json('replicas', 'list');
    assert.equal(all.length, 2);
    for (const r of all as unknown as Message[]) assert.match(r.replicaId, /^[0-9a-f-]{36}$/);
    const gpu = await json('replicas', 'list', '--tier', 'GPU', '--artifact', artifactId);
    assert.deepEqual(
      gpu.map((r: Message) => r.workerId),
      [dead.worker_id],
    );
    const ofWorker = await json('replicas', 'list', '--worker', alive.worker_id);
    assert.deepEqual(
      ofWorker.map((r: Message) => r.nodeId),
      ['node-alive'],
    );
    const unavailable = await json('replicas', 'list', '--unavailable');
    assert.deepEqual(
      unavailable.map((r: Message) => r.workerId),
      [dead.worker_id],
    );
    const limited = await json('replicas', 'list', '--limit', '1');
    assert.equal(limited.length, 1);
    const table = await cli('replicas', 'list', '--node', 'node-alive');
    assert.match(
      table.stdout,
      /^REPLICA ID\s+ARTIFACT\s+WORKER\s+NODE\s+TIER\s+AVAILABLE\s+SIZE$/m,
    );
    assert.match(
      table.stdout,
      new RegExp(`${alive.worker_id}\\s+node-alive\\s+RAM\\s+yes\\s+4\\.0 KiB$`, 'm'),
    );
    const bad = await cli('replicas', 'list', '--tier', 'HBM');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /option '--tier <tier>' argument 'HBM' is invalid/);
  });

  test('a narrow terminal cuts the widest columns instead of wrapping', async () => {
    const narrow = await runCli(['global', 'replicas', 'list', `--config=${clientConfig}`], {
      COLUMNS: '80',
    });
    assert.equal(narrow.code, 0, narrow.stderr);
    for (const line of narrow.stdout.trimEnd().split('\n')) assert.ok(line.length <= 80, line);
    assert.match(narrow.stdout, /…/);
  });

  test('artifacts list|show, registrations list, mappings resolve', async () => {
    const artifacts = await json('artifacts', 'list');
    assert.deepEqual(
      artifacts.map((a: Message) => [a.artifactId, a.idKind, a.replicaCount]),
      [[artifactId, 'MI2', 2]],
    );
    const shown = await json('artifacts', 'show', artifactId);
    assert.equal(shown.totalSize, 4096);
    assert.equal(shown.replicas.length, 2);
    const showTable = await cli('artifacts', 'show', artifactId);
    assert.match(showTable.stdout, /^Replicas:\s+1 available of 2$/m);
    const listTable = await cli('artifacts', 'list');
    assert.match(listTable.stdout, /^ARTIFACT ID\s+KIND\s+SIZE\s+REPLICAS\s+INDEX\s+UPDATED$/m);

    const mapping = await json('mappings', 'resolve', 'models/admin');
    assert.equal(mapping.found, true);
    assert.equal(mapping.artifactId, artifactId);
    assert.equal(mapping.generation, 1);
    const mappingTable = await cli('mappings', 'resolve', 'models/admin');
    assert.match(mappingTable.stdout, new RegExp(`^Artifact:\\s+${artifactId}$`, 'm'));
    const none = await cli('mappings', 'resolve', 'models/none');
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^error: no key mapping for "models\/none"$/m);

    // UnregisterWorker (previous test) revoked the dead worker's lease; open a fresh one.
    const again = await registerWorker(clients, { node_id: 'node-lease' });
    const begun = await call(clients.registration, 'BeginRegistration', {
      worker_id: again.worker_id,
      daemon_id: again.daemon_id,
      owner_pid: 43,
      total_size: '96',
      tensor_index_data: Buffer.from(JSON.stringify({ tensors: ['admin-e2e'] })),
      coalesced: {},
    });
    const open = await json('registrations', 'list', '--worker', again.worker_id);
    assert.deepEqual(
      open.map((r: Message) => [r.registrationId, r.plan, r.totalSize]),
      [[begun.registration_id, 'coalesced', 96]],
    );
    assert.ok(open[0].leaseExpiresAt > Date.now());
    const table = await cli('registrations', 'list');
    assert.match(
      table.stdout,
      new RegExp(`^${begun.registration_id}\\s+${again.worker_id}\\s+`, 'm'),
    );
  });

  test('workers remove: token, --force, replicas and leases go, metrics, audit log', async () => {
    const victim = await registerWorker(clients, { node_id: 'node-victim' });
    await registerReplica(
      clients,
      replicaRequest(victim.worker_id, artifactId, { node_id: 'node-victim', node_port: 7003 }),
    );
    const lease = await call(clients.registration, 'BeginRegistration', {
      worker_id: victim.worker_id,
      daemon_id: victim.daemon_id,
      owner_pid: 44,
      total_size: '96',
      tensor_index_data: Buffer.from(JSON.stringify({ tensors: ['admin-e2e'] })),
      coalesced: {},
    });

    const noToken = await runCli([
      'global',
      'workers',
      'remove',
      victim.worker_id,
      '--reason',
      'x',
      `--endpoint=${server.address}`,
    ]);
    assert.equal(noToken.code, 1);
    assert.match(noToken.stderr, /PERMISSION_DENIED: cluster_token: does not match/);
    const live = await cli('workers', 'remove', victim.worker_id, '--reason', 'rack 7 retired');
    assert.equal(live.code, 1);
    assert.match(
      live.stderr,
      /FAILED_PRECONDITION: worker_id: worker .* is ACTIVE \(still heartbeating\)/,
    );

    const removed = await json(
      'workers',
      'remove',
      victim.worker_id,
      '--reason',
      'rack 7 retired',
      '--force',
    );
    assert.deepEqual(removed, {
      workerId: victim.worker_id,
      previousState: 'ACTIVE',
      removedReplicas: 1,
      revokedRegistrations: 1,
      reason: 'rack 7 retired',
    });
    const replicas = await json('replicas', 'list', '--worker', victim.worker_id);
    assert.deepEqual(replicas, []);
    const leases = await call(clients.registration, 'ListRegistrations', {
      worker_id: victim.worker_id,
    });
    assert.deepEqual(leases.registrations, []);
    // The revoked lease carries the operator's reason.
    await expectGrpcError(
      call(clients.registration, 'CommitRegistration', {
        registration_id: lease.registration_id,
        epoch: lease.lease.epoch,
      }),
      status.ABORTED,
      /was revoked: worker removed by an operator: rack 7 retired/,
    );
    const hb = await call(clients.runtime, 'WorkerHeartbeat', {
      worker_id: victim.worker_id,
      state_version: '1',
    });
    assert.equal(hb.status, 'STATUS_NOT_FOUND', 'the daemon is told to re-register');
    const show = await cli('workers', 'show', victim.worker_id);
    assert.equal(show.code, 1);

    // The inactive worker from before needs no --force; the table answer is one line.
    const table = await cli('workers', 'remove', dead.worker_id, '--reason', 'dead disk');
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      new RegExp(
        `^removed worker ${dead.worker_id} \\(was INACTIVE\\): 1 replica\\(s\\) deleted, 0 open registration\\(s\\) revoked; reason: dead disk$`,
        'm',
      ),
    );

    const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    assert.match(metrics, /tc_admin_worker_removals_total\{previous_state="ACTIVE"\} 1/);
    assert.match(metrics, /tc_admin_worker_removals_total\{previous_state="INACTIVE"\} 1/);
    assert.match(metrics, /tc_worker_deregistrations_total\{reason="removed"\} 1/);
    assert.match(
      server.output(),
      new RegExp(
        `worker ${victim.worker_id} removed by (ipv4:)?127\\.0\\.0\\.1:\\d+ \\(was ACTIVE; 1 replica\\(s\\) deleted, 1 registration\\(s\\) revoked\\): rack 7 retired`,
      ),
    );
    assert.match(
      server.output(),
      /RemoveWorker .* from (ipv4:)?127\.0\.0\.1:\d+ refused: does not match/,
    );
  });

  test('inspect --from a backup prints the same status and lists, changing nothing', async () => {
    const backupPath = join(dir, 'snapshot.db');
    const backup = await runCli([
      'global',
      'backup',
      `--config=${clientConfig}`,
      `--out=${backupPath}`,
    ]);
    assert.equal(backup.code, 0, backup.stderr);
    const live = await json('status');
    const before = { files: readdirSync(dir).sort(), hash: sha256File(backupPath) };

    const inspected = await runCli(['global', 'inspect', `--from=${backupPath}`, '-o', 'json']);
    assert.equal(inspected.code, 0, inspected.stderr);
    const all = JSON.parse(inspected.stdout) as Message;
    assert.equal(all.status.servingState, 'OFFLINE');
    assert.equal(all.status.clusterId, live.clusterId);
    assert.equal(all.status.workerTotal, live.workerTotal);
    assert.equal(all.status.replicaTotal, live.replicaTotal);
    assert.equal(all.status.artifactTotal, live.artifactTotal);
    assert.equal(all.status.openRegistrations, live.openRegistrations);
    const liveWorkers = await json('workers', 'list');
    assert.deepEqual(
      all.workers.map((w: Message) => [w.workerId, w.replicaCount]),
      liveWorkers.map((w: Message) => [w.workerId, w.replicaCount]),
    );
    const table = await runCli(['global', 'inspect', `--from=${backupPath}`]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^== STATUS\nCluster:/m);
    assert.match(table.stdout, /^== WORKERS\nWORKER ID/m);
    assert.match(table.stdout, /^Serving:\s+OFFLINE$/m);
    const one = await runCli([
      'global',
      'inspect',
      `--db=${backupPath}`,
      'artifacts',
      '-o',
      'json',
    ]);
    assert.deepEqual(
      (JSON.parse(one.stdout) as Message[]).map((a) => a.artifactId),
      [artifactId],
    );

    assert.deepEqual(readdirSync(dir).sort(), before.files, 'no -wal/-shm left beside the backup');
    assert.equal(sha256File(backupPath), before.hash, 'the backup bytes are unchanged');

    // The live database file, while the server runs: read-only too.
    const liveFile = join(dir, 'store.db');
    const inspectLive = await runCli([
      'global',
      'inspect',
      `--db=${liveFile}`,
      'status',
      '-o',
      'json',
    ]);
    assert.equal(inspectLive.code, 0, inspectLive.stderr);
    assert.equal((JSON.parse(inspectLive.stdout) as Message).clusterId, live.clusterId);

    const notDb = await runCli(['global', 'inspect', `--db=${clientConfig}`]);
    assert.equal(notDb.code, 1);
    assert.match(notDb.stderr, /is not an SQLite database/);
    const neither = await runCli(['global', 'inspect']);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /inspect needs --db=FILE, --from=BACKUP or --config=FILE/);
  });
});

describe('tensorcast command line: help and errors', () => {
  const COMMANDS = [
    [],
    ['global'],
    ['global', 'start'],
    ['global', 'check-config'],
    ['global', 'backup'],
    ['global', 'restore'],
    ['global', 'status'],
    ['global', 'workers'],
    ['global', 'workers', 'list'],
    ['global', 'workers', 'show'],
    ['global', 'workers', 'remove'],
    ['global', 'replicas', 'list'],
    ['global', 'artifacts', 'list'],
    ['global', 'artifacts', 'show'],
    ['global', 'registrations', 'list'],
    ['global', 'mappings', 'resolve'],
    ['global', 'inspect'],
  ];

  test('--help works for every command and subcommand', async () => {
    for (const command of COMMANDS) {
      const result = await runCli([...command, '--help']);
      assert.equal(result.code, 0, `${command.join(' ')}: ${result.stderr}`);
      assert.match(
        result.stdout,
        new RegExp(`^Usage: tensorcast ${command.join(' ')}`.trimEnd(), 'm'),
      );
    }
    const workersRemove = await runCli(['global', 'workers', 'remove', '--help']);
    assert.match(workersRemove.stdout, /--reason <text>/);
    assert.match(workersRemove.stdout, /--tls-ca <file>/);
    assert.match(workersRemove.stdout, /-o, --output <format>/);
  });

  test('a bare tensorcast prints help and starts nothing; start needs global; unknown flags are named', async () => {
    const bare = await runCli([]);
    assert.equal(bare.code, 0);
    assert.match(bare.stdout, /^Usage: tensorcast global <command> \[options\]/);
    assert.doesNotMatch(bare.stdout + bare.stderr, /Global Store serving/);
    const start = await runCli(['start']);
    assert.equal(start.code, 2);
    assert.match(
      start.stderr,
      /"start" is a subcommand of "global": run `tensorcast global start`/,
    );
    const unknown = await runCli(['global', 'status', '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /error: unknown option '--bogus'/);
    const typo = await runCli(['global', 'wrokers']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown command 'wrokers'/);
    const group = await runCli(['global', 'workers']);
    assert.equal(group.code, 0);
    assert.match(group.stdout, /^Usage: tensorcast global workers <command>/);
  });

  test('an unreachable server: exit 1 naming the address', async () => {
    const result = await runCli(['global', 'status', '--endpoint=127.0.0.1:1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: cannot reach the Global Store at 127\.0\.0\.1:1: /);
    const badEndpoint = await runCli(['global', 'status', '--endpoint=nowhere']);
    assert.equal(badEndpoint.code, 2);
    assert.match(badEndpoint.stderr, /--endpoint: "nowhere" is not HOST:PORT/);
  });
});

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
