import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { crc32 } from 'node:zlib';
import { compileCacheDirectory } from './compile-cache';

/**
 * The V8 code cache of the bundled server (dist/global-store.bundle.js, bin/bundle-server.mjs).
 * Compiling the 7 MB bundle, and then each function the start calls, is a third of an empty
 * start; V8 can instead deserialize the code it compiled on an earlier start. Node 22's compile
 * cache does that only for files loaded after it is turned on, which the bundle is not (it is
 * compiled before any of it runs), and Node 20 has none: so the bundle's entry
 * (bundle-entry.ts) loads it as a vm.Script with the cache, and the cache is written once the
 * server serves (main.ts → flushCompileCache), when it holds every function a start compiled.
 *
 * The file lives in compileCacheDirectory() (our folder in $TMPDIR; NODE_COMPILE_CACHE picks
 * another, NODE_DISABLE_COMPILE_CACHE=1 turns both caches off), one per bundle path and Node
 * version (not per node flags: a profiled start uses the same cache as the others). It is used only when it was made from exactly this bundle (CRC-32
 * and length of the source in its header) and its bytes are intact (CRC-32 of the data); V8
 * itself then rejects data from another V8 version or other flags. Anything else — no file,
 * another bundle, a damaged file, a rejection, an unwritable folder — only means compiling
 * from source, and the next start that serves writes the cache anew.
 */

/** What happened to the cache on this start. */
export type CodeCacheStatus =
  | 'accepted' // used
  | 'missing' // no cache file yet
  | 'stale' // made from another bundle, or damaged
  | 'rejected' // V8 refused it (another V8 version or flags)
  | 'disabled'; // NODE_DISABLE_COMPILE_CACHE

export interface LoadedBundle {
  status: CodeCacheStatus;
  /** The cache file of this bundle under these settings (undefined when disabled). */
  cacheFile?: string;
  /** The bundle's module.exports. */
  exports: unknown;
}

/**
 * Shared through globalThis because the entry and the bundle each hold their own copy of this
 * file: what this start did with the cache, and the writer while one should be written.
 */
const CODE_CACHE_STATUS = Symbol.for('tensorcast.global-store.code-cache-status');
const WRITE_CODE_CACHE = Symbol.for('tensorcast.global-store.write-code-cache');
const shared = globalThis as Record<symbol, unknown>;

type CacheWriter = () => boolean;

/** Header: magic, then CRC-32 and length of the source, then CRC-32 and length of the data. */
const MAGIC = 0x74636331; // "tcc1"
const HEADER_BYTES = 20;

export function codeCacheFile(
  bundlePath: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const directory = compileCacheDirectory(env);
  if (directory === undefined) return undefined;
  const key = createHash('sha256')
    .update([bundlePath, process.version, process.arch].join('\0'))
    .digest('hex')
    .slice(0, 16);
  return join(directory, `bundle-${key}.v8cache`);
}

/** The cached data in `file` if it was made from `source` and is intact. */
function readCache(file: string, source: Buffer): Buffer | 'missing' | 'stale' {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'missing';
  }
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) return 'stale';
  const data = bytes.subarray(HEADER_BYTES);
  const intact =
    bytes.readUInt32LE(4) === crc32(source) &&
    bytes.readUInt32LE(8) === source.length &&
    bytes.readUInt32LE(12) === crc32(data) &&
    bytes.readUInt32LE(16) === data.length;
  return intact ? data : 'stale';
}

function writeCache(file: string, source: Buffer, data: Buffer): void {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(crc32(source), 4);
  header.writeUInt32LE(source.length, 8);
  header.writeUInt32LE(crc32(data), 12);
  header.writeUInt32LE(data.length, 16);
  // Renamed into place: a start running meanwhile reads the old file or the new, never half.
  const partial = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, Buffer.concat([header, data]));
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Runs the CommonJS file at bundlePath as Node's require would (its own module, exports,
 * require, __filename, __dirname), compiled with its code cache where one is usable.
 */
export function loadBundle(bundlePath: string, env: NodeJS.ProcessEnv = process.env): LoadedBundle {
  const source = readFileSync(bundlePath);
  const cacheFile = codeCacheFile(bundlePath, env);
  const cached = cacheFile === undefined ? 'disabled' : readCache(cacheFile, source);
  const script = new Script(Module.wrap(source.toString('utf8')), {
    filename: bundlePath,
    cachedData: typeof cached === 'string' ? undefined : cached,
    // The bundle's import() calls (Nest's and TypeORM's ESM loaders) resolve as in a module.
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const status: CodeCacheStatus =
    typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'accepted';

  shared[CODE_CACHE_STATUS] = status;
  if (cacheFile !== undefined && status !== 'accepted') {
    const writer: CacheWriter = () => {
      delete shared[WRITE_CODE_CACHE];
      try {
        writeCache(cacheFile, source, script.createCachedData());
        return true;
      } catch {
        return false;
      }
    };
    shared[WRITE_CODE_CACHE] = writer;
  }

  const bundleModule = new Module(bundlePath, require.main);
  bundleModule.filename = bundlePath;
  bundleModule.paths = (
    Module as unknown as { _nodeModulePaths(from: string): string[] }
  )._nodeModulePaths(dirname(bundlePath));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(
    bundleModule.exports,
    bundleModule.exports,
    Module.createRequire(bundlePath),
    bundleModule,
    bundlePath,
    dirname(bundlePath),
  );
  bundleModule.loaded = true;
  return { status, cacheFile, exports: bundleModule.exports };
}

/** What this process's start did with the bundle's cache; undefined when not run from the bundle. */
export function bundleCodeCacheStatus(): CodeCacheStatus | undefined {
  return shared[CODE_CACHE_STATUS] as CodeCacheStatus | undefined;
}

/**
 * Writes the bundle's code cache if this start compiled without a usable one; answers whether
 * it wrote. Called once the server serves; a no-op when not started from the bundle.
 */
export function writeBundleCodeCache(): boolean {
  const writer = shared[WRITE_CODE_CACHE];
  return typeof writer === 'function' ? (writer as CacheWriter)() : false;
}
