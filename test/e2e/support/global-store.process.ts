import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';

const REPO_ROOT = resolve(__dirname, '../../../..');
/** What the tests start: the bundled server's entry (bin/bundle-server.mjs), as npm start does. */
export const MAIN_JS = join(REPO_ROOT, 'dist/global-store.js');

export type ConfigDocument = Record<string, unknown>;

/** A config for tests: ephemeral ports on loopback, loopback workers allowed, quiet logs. */
export function testConfig(overrides: ConfigDocument = {}): ConfigDocument {
  const base: ConfigDocument = {
    meta: { cluster_token: 'test-token' },
    database: { db_file: null },
    server: { listen: { host: '127.0.0.1', port: 0 }, metrics_port: 0 },
    worker_policy: { allow_loopback_addresses: true },
    observability: { logging: { level: 'INFO' } },
  };
  return deepMerge(base, overrides);
}

function deepMerge(a: ConfigDocument, b: ConfigDocument): ConfigDocument {
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

export function tempDir(prefix = 'tc-gs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeConfig(dir: string, config: ConfigDocument, name = 'config.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, dump(config));
  return path;
}

export interface GlobalStoreProcess {
  child: ChildProcess;
  grpcPort: number;
  metricsPort: number;
  address: string;
  output(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown hooks run. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (check-config, a refused startup, …). */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`CLI ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

const SERVING_LINE =
  /Global Store serving: gRPC on (\S+):(\d+)(?: \(TLS\))?, metrics and health on http:\/\/(\S+):(\d+)/;

/** Starts the real server from a config file and waits until it reports SERVING. */
export async function startGlobalStore(
  configPath: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<GlobalStoreProcess> {
  const child = spawn(process.execPath, [MAIN_JS, 'global', 'start', `--config=${configPath}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ports = await new Promise<{ grpc: number; metrics: number }>((resolvePorts, reject) => {
    const timer = setTimeout(() => {
      // Never leave a server behind that the failed test can no longer stop.
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = SERVING_LINE.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePorts({ grpc: Number(m[2]), metrics: Number(m[4]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${output}`));
    });
  });
  return {
    child,
    grpcPort: ports.grpc,
    metricsPort: ports.metrics,
    address: `127.0.0.1:${ports.grpc}`,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
