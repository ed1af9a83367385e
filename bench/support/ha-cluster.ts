/**
 * Global Stores in high-availability mode on a real PostgreSQL database, for the failover
 * e2e tests and the failover bench: each instance is the real server process
 * (dist/global-store.js global start) on its own config file, found by its log lines as the e2e support does.
 */
import * as grpc from '@grpc/grpc-js';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dump } from 'js-yaml';
import { createTestDatabase } from '../../libs/ha/src/ha-test-database.harness';
import { Message, ServiceClient, openClients, unary } from './clients';
import { ConfigDocument, GLOBAL_STORE_MAIN_JS, deepMerge } from './servers';

export { createTestDatabase };

/** A short lease so failovers take seconds: renewals every 500 ms, takeover 2 s after the last. */
export const TEST_LEASE = { lease_ttl: '2s', renew_interval: '500ms' } as const;
export const TEST_LEASE_TTL_MS = 2000;

export function haConfig(
  databaseUrl: string,
  instanceId: string,
  overrides: ConfigDocument = {},
): ConfigDocument {
  return deepMerge(
    {
      meta: { cluster_token: 'ha-token' },
      database: { driver: 'postgres', postgres: { url: databaseUrl } },
      server: { listen: { host: '127.0.0.1', port: 0 }, metrics_port: 0 },
      worker_policy: { allow_loopback_addresses: true },
      observability: { logging: { level: 'INFO' }, dashboard: { enabled: false } },
      ha: { ...TEST_LEASE, instance_id: instanceId },
    },
    overrides,
  );
}

export interface HaInstance {
  id: string;
  configPath: string;
  pid: number;
  grpcPort: number;
  metricsPort: number;
  address: string;
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  exitCode(): number | null | undefined;
  /** Resolves once the output (from the start) matches, or rejects after timeoutMs. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** HTTP status of /health; 0 when nothing answers. */
  health(): Promise<number>;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after 15 s) and wait for the exit. */
  stop(): Promise<number | null>;
}

const LISTENING_LINE =
  /Global Store (?:standby|serving): gRPC on (\S+):(\d+), metrics and health on http:\/\/(\S+):(\d+)/;
export const SERVING_LOG = /Global Store serving:/;

/** Starts one instance and resolves once it listens, as a standby or already as leader. */
export async function startHaInstance(
  config: ConfigDocument,
  timeoutMs = 30_000,
): Promise<HaInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-ha-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, dump(config));
  const id = String((config.ha as { instance_id?: string } | undefined)?.instance_id ?? '');
  const child: ChildProcess = spawn(
    process.execPath,
    [GLOBAL_STORE_MAIN_JS, 'global', 'start', `--config=${configPath}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    output += d.toString();
    if (output.length > 1 << 20) output = output.slice(-(1 << 19));
    for (const w of [...waiters]) {
      if (w.pattern.test(output)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitForLog = (pattern: RegExp, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(output)) return resolve();
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${id}: no log line ${String(pattern)} within ${ms} ms:\n${output}`));
      }, ms);
      const waiter = {
        pattern,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      waiters.push(waiter);
    });
  try {
    await Promise.race([
      waitForLog(LISTENING_LINE, timeoutMs),
      exited.then((code) => {
        throw new Error(`${id} exited with ${code} before listening:\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const m = LISTENING_LINE.exec(output);
  if (!m) throw new Error('unreachable: the listening line matched');
  const grpcPort = Number(m[2]);
  const metricsPort = Number(m[4]);
  const exitCode = () =>
    child.exitCode === null && child.signalCode === null ? undefined : child.exitCode;
  return {
    id,
    configPath,
    pid: child.pid ?? 0,
    grpcPort,
    metricsPort,
    address: `127.0.0.1:${grpcPort}`,
    output: () => output,
    exited,
    exitCode,
    waitForLog,
    health: async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${metricsPort}/health`, {
          signal: AbortSignal.timeout(2000),
        });
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 0;
      }
    },
    signal: (signal) => {
      if (exitCode() === undefined) child.kill(signal);
    },
    kill: async () => {
      if (exitCode() === undefined) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (exitCode() === undefined) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      }
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}

/** Polls until one of the instances serves a real RPC; resolves with it. */
export async function waitForLeader(
  instances: readonly HaInstance[],
  timeoutMs: number,
  pollMs = 50,
): Promise<HaInstance> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const instance of instances) {
      if (instance.exitCode() !== undefined) continue;
      if ((await instance.health()) === 200 && (await answersRpc(instance.address)))
        return instance;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no leader within ${timeoutMs} ms:\n${instances.map((i) => `--- ${i.id}\n${i.output().slice(-4000)}`).join('\n')}`,
      );
    }
    await sleep(pollMs);
  }
}

/** True when a real read RPC succeeds there (not just health). */
export async function answersRpc(address: string): Promise<boolean> {
  const [client] = openClients(address, 'ClusterRuntimeService', 1);
  try {
    await unary(client, 'ListActiveWorkers', {}, 2000);
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

export interface WriteLoad {
  /** worker_ids of RegisterWorker calls the server acknowledged, with when they were answered. */
  acked: { workerId: string; at: number }[];
  /** Answers that were errors, by gRPC status name. */
  errors: Map<string, number>;
  /** Stop sending; resolves once every call in flight has been answered or timed out. */
  stop(): Promise<void>;
}

let registrations = 0;

export function registerWorkerRequest(label: string): Message {
  registrations += 1;
  const n = registrations;
  return {
    node_id: `ha-node-${label}-${process.pid}-${n}`,
    node_address: '127.0.0.1',
    grpc_port: 20000 + (n % 20000),
    p2p_port: 40000 + (n % 20000),
    mem_pool_total_size: '1073741824',
    mem_pool_available_size: '536870912',
    daemon_id: `ha-daemon-${label}-${process.pid}-${n}`,
  };
}

/**
 * `concurrency` loops of durable RegisterWorker calls against one address; each loop waits
 * for its answer before sending the next, so at most `concurrency` calls are in flight.
 */
export function startWriteLoad(
  address: string,
  concurrency: number,
  label: string,
  callTimeoutMs = 30_000,
): WriteLoad {
  const clients: ServiceClient[] = openClients(address, 'ClusterRuntimeService', 1);
  const acked: WriteLoad['acked'] = [];
  const errors = new Map<string, number>();
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        const reply = await unary(
          clients[0],
          'RegisterWorker',
          registerWorkerRequest(label),
          callTimeoutMs,
        );
        acked.push({ workerId: String(reply.worker_id), at: Date.now() });
      } catch (error) {
        const code = (error as grpc.ServiceError).code;
        const name = grpc.status[code] ?? String(code);
        errors.set(name, (errors.get(name) ?? 0) + 1);
        await sleep(20);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, () => loop());
  return {
    acked,
    errors,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      for (const c of clients) c.close();
    },
  };
}
