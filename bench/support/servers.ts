import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { processCpuSeconds } from './cpu';

/**
 * Compiled entry points, found relative to dist/bench/support (benches run from dist/ only). The
 * Global Store is its bundle's entry (bin/bundle-server.mjs), as npm start and the image run it.
 */
export const GLOBAL_STORE_MAIN_JS = join(__dirname, '../../global-store.js');
export const BARE_SERVER_JS = join(__dirname, 'bare-server.js');

export type ConfigDocument = Record<string, unknown>;

export interface SpawnOptions {
  /** Extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
  /**
   * The Global Store entry to start instead of this build's (spawnGlobalStore only): another
   * build's dist/global-store.js (or, before bundling, dist/apps/global-store/src/main.js), e.g.
   * the previous commit as a reference.
   */
  mainJs?: string;
  /** How often readiness is polled (default 50 ms); small when the start time is measured. */
  pollMs?: number;
}

export interface SpawnedServer {
  /** "127.0.0.1:PORT" for gRPC clients. */
  address: string;
  grpcPort: number;
  pid: number;
  /** Date.now() when the child was spawned: profiles of the child count from about here. */
  startedAt: number;
  /** Everything the child wrote to stdout and stderr (the last 64 KiB). */
  output(): string;
  /** The exit code once the child has exited (null if a signal ended it); undefined while it runs. */
  exitCode(): number | null | undefined;
  /** User + system CPU time of the child so far (all its threads), or undefined off Linux. */
  cpuSeconds(): number | undefined;
  /** SIGTERM, then SIGKILL if it has not exited after killAfterMs; resolves with the exit code. */
  stop(killAfterMs?: number): Promise<number | null>;
}

export interface SpawnedGlobalStore extends SpawnedServer {
  metricsPort: number;
  /** The config file the server was started from, for restarts on the same settings. */
  configPath: string;
  /** Date.now() when /health first answered 200 (SERVING). */
  servingAt: number;
}

/**
 * A config for benchmarks: in-memory database, loopback only, loopback workers accepted, and
 * WARNING logs, because an INFO line per registration would be part of what is measured.
 */
export function benchConfig(overrides: ConfigDocument = {}): ConfigDocument {
  const base: ConfigDocument = {
    meta: { cluster_token: 'bench-token', description: 'benchmark' },
    database: { db_file: null },
    server: { listen: { host: '127.0.0.1', port: 0 }, metrics_port: 0 },
    worker_policy: { allow_loopback_addresses: true },
    observability: { logging: { level: 'WARNING' } },
  };
  return deepMerge(base, overrides);
}

export function deepMerge(a: ConfigDocument, b: ConfigDocument): ConfigDocument {
  const out: ConfigDocument = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      prev &&
      typeof prev === 'object'
        ? deepMerge(prev as ConfigDocument, value as ConfigDocument)
        : value;
  }
  return out;
}

/**
 * Starts the real Global Store (node dist/global-store.js global start) from a
 * temporary config file and resolves once /health says SERVING. Port 0 in the overrides is
 * replaced by a free port chosen here: at WARNING level the server does not log the
 * "serving" line that reports the ports it bound.
 */
export async function spawnGlobalStore(
  configOverrides: ConfigDocument = {},
  options: SpawnOptions = {},
): Promise<SpawnedGlobalStore> {
  const config = benchConfig(configOverrides);
  const server = config.server as { listen: { host: string; port: number }; metrics_port: number };
  const [grpcFree, metricsFree] = await freePorts(2);
  if (server.listen.port === 0) server.listen.port = grpcFree;
  if (server.metrics_port === 0) server.metrics_port = metricsFree;
  const dir = mkdtempSync(join(tmpdir(), 'tc-bench-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, dump(config));

  const child = startChild(
    [
      ...(options.nodeArgs ?? []),
      ...extraServerNodeArgs(),
      options.mainJs ?? GLOBAL_STORE_MAIN_JS,
      'global',
      'start',
      `--config=${configPath}`,
    ],
    options.env,
  );
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const host = server.listen.host;
  try {
    await waitUntil(
      child,
      async () =>
        (await httpStatus(`http://${host}:${server.metrics_port}/health`)) === 200
          ? true
          : undefined,
      options.startTimeoutMs ?? 30_000,
      'the Global Store',
      options.pollMs,
    );
  } catch (error) {
    await child.stop(0);
    removeDir();
    throw error;
  }
  return {
    ...child.handle,
    address: `${host}:${server.listen.port}`,
    grpcPort: server.listen.port,
    metricsPort: server.metrics_port,
    configPath,
    servingAt: Date.now(),
    stop: async (killAfterMs) => {
      const code = await child.stop(killAfterMs);
      removeDir();
      return code;
    },
  };
}

const BARE_READY = /^bare gRPC serving on (\S+):(\d+)$/m;

/** Starts bench/support/bare-server.js: plain grpc-js on our .proto, answering with canned messages. */
export async function spawnBareServer(options: SpawnOptions = {}): Promise<SpawnedServer> {
  const child = startChild([...(options.nodeArgs ?? []), BARE_SERVER_JS], options.env);
  let ready: RegExpExecArray;
  try {
    ready = await waitUntil(
      child,
      async () => BARE_READY.exec(child.handle.output()) ?? undefined,
      options.startTimeoutMs ?? 15_000,
      'the bare gRPC server',
    );
  } catch (error) {
    await child.stop(0);
    throw error;
  }
  const [, host, port] = ready;
  return { ...child.handle, address: `${host}:${port}`, grpcPort: Number(port), stop: child.stop };
}

/** Distinct free TCP ports on 127.0.0.1, held open together so they cannot coincide. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** GET url and resolve with the status code (0 when nothing answers). */
export function httpStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/** GET url and resolve with the body; rejects unless the status is 200. */
export function httpText(url: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(body)
          : reject(new Error(`GET ${url}: ${response.statusCode}`)),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: timed out`)));
    request.on('error', reject);
  });
}

interface StartedChild {
  child: ChildProcess;
  handle: Omit<SpawnedServer, 'address' | 'grpcPort'>;
  stop: (killAfterMs?: number) => Promise<number | null>;
}

const OUTPUT_LIMIT = 64 * 1024;
const running = new Set<ChildProcess>();

// A benchmark that throws or is interrupted must not leave servers running on the machine.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function startChild(args: string[], env: NodeJS.ProcessEnv = {}): StartedChild {
  const startedAt = Date.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const stop = async (killAfterMs = 15_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  return {
    child,
    handle: {
      pid,
      startedAt,
      output: () => output,
      exitCode: () =>
        child.exitCode === null && child.signalCode === null ? undefined : child.exitCode,
      cpuSeconds: () => processCpuSeconds(pid),
      stop,
    },
    stop,
  };
}

/** Polls probe until it yields a value; fails if the child exits first or time runs out. */
async function waitUntil<T>(
  started: StartedChild,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { child } = started;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited (${child.exitCode ?? child.signalCode}) before serving:\n${started.handle.output()}`,
      );
    }
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what} did not start within ${timeoutMs} ms:\n${started.handle.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the Global Store a
 * bench spawns (node refuses --cpu-prof in NODE_OPTIONS, and that would profile the client too).
 */
function extraServerNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}
