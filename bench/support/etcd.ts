import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePorts } from './servers';
import { processCpuSeconds } from './cpu';
import { runCount } from './load';

/**
 * A single-node etcd on loopback, the reference the scale benchmark measures durable writes
 * and lease keepalives against, talked to with @grpc/grpc-js through the hand-written
 * bench/etcd/etcd-minimal.proto (KV.Put, Lease.LeaseGrant, Lease.LeaseKeepAlive only).
 */

export type EtcdClient = grpc.Client & Record<string, grpc.MethodDefinition<object, object>>;

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const SETUP_ETCD_SCRIPT = join(repoRoot(), 'bench', 'setup-etcd.sh');
const ETCD_PROTO = join(repoRoot(), 'bench', 'etcd', 'etcd-minimal.proto');

export function etcdBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/** The etcd binary, installed by bench/setup-etcd.sh when missing and `install` is set. */
export function ensureEtcd(install: boolean, log: (line: string) => void): string | undefined {
  const existing = etcdBinary();
  if (existing || !install) return existing;
  log(`etcd not found: running ${SETUP_ETCD_SCRIPT}`);
  const setup = spawnSync('sh', [SETUP_ETCD_SCRIPT], { encoding: 'utf8', timeout: 600_000 });
  if (setup.status !== 0) {
    log(`etcd setup failed (${setup.status}): ${(setup.stderr || setup.stdout).trim()}`);
    return undefined;
  }
  return etcdBinary();
}

export interface RunningEtcd {
  address: string;
  pid: number;
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** Starts etcd with its data dir under `parent` (the disk the Global Store's database is on). */
export async function startEtcd(binary: string, parent: string): Promise<RunningEtcd> {
  const dataDir = mkdtempSync(join(parent, 'etcd-'));
  const [client, peer] = await freePorts(2);
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(
    binary,
    [
      '--name=bench',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=bench=${peerUrl}`,
      '--logger=zap',
      '--log-level=warn',
      // Room for the 10k-lease and 1M-put rows without etcd refusing writes on a quota.
      '--quota-backend-bytes=8589934592',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-16384)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-16384)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => child.kill('SIGKILL'));
  const address = `127.0.0.1:${client}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const kv = etcdClients(address, 'KV', 1)[0];
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`etcd exited (${child.exitCode}):\n${output}`);
      try {
        await etcdPut(kv, 'bench/ready', 'yes', 2_000);
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`etcd did not start: ${String(error)}\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    kv.close();
    await stop();
    throw error;
  }
  kv.close();
  const pid = child.pid ?? 0;
  return { address, pid, cpuSeconds: () => processCpuSeconds(pid), stop };
}

let services: Record<string, grpc.ServiceClientConstructor> | undefined;

/** Clients of etcdserverpb.KV or .Lease, each on its own connection. */
export function etcdClients(address: string, service: 'KV' | 'Lease', count: number): EtcdClient[] {
  if (!services) {
    const definition = loadSync(ETCD_PROTO, { keepCase: true, longs: String, defaults: true });
    services = (grpc.loadPackageDefinition(definition).etcdserverpb ?? {}) as Record<
      string,
      grpc.ServiceClientConstructor
    >;
  }
  const Client = services[service];
  return Array.from(
    { length: count },
    (_, index) =>
      new Client(address, grpc.credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
        'grpc.bench_connection_index': index,
      }) as unknown as EtcdClient,
  );
}

type Callback = (error: grpc.ServiceError | null, response: Record<string, unknown>) => void;
type Unary = (request: object, options: grpc.CallOptions, callback: Callback) => void;

function callUnary(
  client: EtcdClient,
  method: string,
  request: object,
  timeoutMs?: number,
): Promise<Record<string, unknown>> {
  const options = timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
  return new Promise((resolve, reject) =>
    (client[method] as unknown as Unary).call(client, request, options, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

export async function etcdPut(
  client: EtcdClient,
  key: string,
  value: string | Buffer,
  timeoutMs?: number,
): Promise<void> {
  await callUnary(client, 'Put', { key: Buffer.from(key), value: Buffer.from(value) }, timeoutMs);
}

export async function etcdLeaseGrant(client: EtcdClient, ttlSeconds: number): Promise<string> {
  const response = await callUnary(client, 'LeaseGrant', { TTL: String(ttlSeconds) }, 30_000);
  if (typeof response.error === 'string' && response.error !== '') {
    throw new Error(`LeaseGrant: ${response.error}`);
  }
  return String(response.ID);
}

/**
 * One LeaseKeepAlive bidi stream used as a closed loop: send() resolves with the answer to
 * the request it wrote (etcd answers each keepalive in order on its stream).
 */
export class KeepAliveStream {
  private readonly stream: grpc.ClientDuplexStream<object, Record<string, unknown>>;
  private readonly waiting: {
    resolve: () => void;
    reject: (error: Error) => void;
  }[] = [];

  constructor(client: EtcdClient) {
    const open = client.LeaseKeepAlive as unknown as () => grpc.ClientDuplexStream<
      object,
      Record<string, unknown>
    >;
    this.stream = open.call(client);
    this.stream.on('data', (response: Record<string, unknown>) => {
      const next = this.waiting.shift();
      if (!next) return;
      if (Number(response.TTL) <= 0) next.reject(new Error(`lease ${String(response.ID)} expired`));
      else next.resolve();
    });
    this.stream.on('error', (error: Error) => {
      for (const w of this.waiting.splice(0)) w.reject(error);
    });
  }

  send(leaseId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.stream.write({ ID: leaseId });
    });
  }

  close(): void {
    this.stream.end();
    this.stream.cancel();
  }
}

/** Grants `total` leases of an hour, `concurrency` at a time, round-robin over the clients. */
export async function grantEtcdLeases(
  clients: readonly grpc.Client[],
  total: number,
  concurrency: number,
): Promise<string[]> {
  const leases = new Array<string>(total);
  await runCount({
    total,
    concurrency,
    call: async (i) => {
      leases[i] = await etcdLeaseGrant(clients[i % clients.length] as EtcdClient, 3600);
    },
  });
  return leases;
}
