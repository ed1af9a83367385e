import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Node's on-disk compile cache (Node ≥ 22.1, `module.enableCompileCache`): V8 keeps the code it
 * compiled for each loaded module in a folder and reuses it on the next start, instead of
 * parsing and compiling the same ~2,000 files of Nest, TypeORM, grpc-js and ours again. Module
 * loading is most of a start (docs/scale.md, "Start and restart"), and a restart is when a
 * fleet of daemons waits for SERVING.
 *
 * Imported first by main.ts, so it is on before any other module is compiled. The folder is
 * ours, in the temporary folder (writable in the image and under readOnlyRootFilesystem, whose
 * /tmp is an emptyDir): NODE_COMPILE_CACHE chooses another, NODE_DISABLE_COMPILE_CACHE=1 turns
 * it off (both are Node's own variables). Node keys every entry by the file's content and its
 * own version, so a new build or a Node upgrade never runs stale code; an unusable folder only
 * means no cache. On Node 20, which has no such API, this does nothing.
 */
export function compileCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.NODE_COMPILE_CACHE) return env.NODE_COMPILE_CACHE;
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return join(tmpdir(), `tensorcast-global-store${user}`, 'compile-cache');
}

interface CompileCacheApi {
  enableCompileCache?: (directory?: string) => { status: number; message?: string };
  flushCompileCache?: () => void;
  constants?: { compileCacheStatus?: Record<string, number> };
}

const api = nodeModule as unknown as CompileCacheApi;

/** Turns the cache on; answers Node's status name ("ENABLED", "FAILED", …) or "UNSUPPORTED". */
export function enableCompileCache(): string {
  const directory = compileCacheDirectory();
  if (!api.enableCompileCache) return 'UNSUPPORTED';
  if (directory === undefined) return 'DISABLED';
  try {
    const { status } = api.enableCompileCache(directory);
    const names = api.constants?.compileCacheStatus ?? {};
    return Object.keys(names).find((name) => names[name] === status) ?? String(status);
  } catch {
    return 'FAILED';
  }
}

/**
 * Writes what was compiled so far (Node ≥ 22.12): called once the server serves, so a start
 * that later ends in a crash or SIGKILL still leaves the cache for the next one (Node itself
 * writes it only at a normal exit).
 */
export function flushCompileCache(): void {
  try {
    api.flushCompileCache?.();
  } catch {
    // A cache that cannot be written is only a slower next start.
  }
}

enableCompileCache();
