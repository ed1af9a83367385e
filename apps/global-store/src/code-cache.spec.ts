import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { codeCacheFile } from './code-cache';

interface Start {
  status: string;
  cacheFile: string;
  wrote: boolean;
  exports: Record<string, unknown>;
}

describe("the bundle's V8 code cache", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-code-cache-'));
  const env = { NODE_COMPILE_CACHE: join(dir, 'cache') };
  after(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * One start, in its own process as a real one is (V8 keeps what it compiled in memory, so a
   * second load in the same process would not read the cache at all): loads the bundle, then
   * does what main.ts does once serving.
   */
  const start = (bundle: string, extraEnv: NodeJS.ProcessEnv = {}): Start => {
    const script = `
      const cache = require(${JSON.stringify(join(__dirname, 'code-cache.js'))});
      const { status, cacheFile, exports } = cache.loadBundle(${JSON.stringify(bundle)});
      const wrote = cache.writeBundleCodeCache();
      process.stdout.write(JSON.stringify({ status, cacheFile, exports, wrote }));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env, ...extraEnv },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as Start;
  };

  /** A small CommonJS "bundle" whose exports say what it saw. */
  const writeBundle = (name: string, tag: string) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      [
        "'use strict';",
        "const { join } = require('node:path');",
        'function square(n) { return n * n; }',
        `module.exports = { tag: '${tag}', dir: __dirname, file: __filename,`,
        "  joined: join('a', 'b'), squared: square(7), self: module.filename };",
      ].join('\n'),
    );
    return path;
  };

  it('runs the file as require would, writes the cache once serving and uses it next time', () => {
    const bundle = writeBundle('a.js', 'A');
    const first = start(bundle);
    assert.ok(first.cacheFile.startsWith(join(dir, 'cache')), first.cacheFile);
    assert.deepEqual(first, {
      status: 'missing',
      cacheFile: first.cacheFile,
      wrote: true,
      exports: { tag: 'A', dir, file: bundle, joined: join('a', 'b'), squared: 49, self: bundle },
    });
    const second = start(bundle);
    assert.equal(second.status, 'accepted');
    assert.equal(second.wrote, false, 'nothing to write after a used cache');
    assert.equal(second.exports.squared, 49);
  });

  it('a rebuilt bundle of the same length is not run from the old cache, and is cached anew', () => {
    const bundle = writeBundle('b.js', 'B');
    assert.equal(start(bundle).wrote, true);
    writeBundle('b.js', 'C');
    const rebuilt = start(bundle);
    assert.equal(rebuilt.status, 'stale');
    assert.equal(rebuilt.exports.tag, 'C');
    assert.equal(rebuilt.wrote, true);
    assert.equal(start(bundle).status, 'accepted');
  });

  it('a damaged cache file is ignored and the bundle compiled from source', () => {
    const bundle = writeBundle('c.js', 'D');
    const { wrote, cacheFile: file } = start(bundle);
    assert.equal(wrote, true);
    const bytes = readFileSync(file);
    bytes[bytes.length - 8] ^= 0xff;
    writeFileSync(file, bytes);
    const damaged = start(bundle);
    assert.equal(damaged.status, 'stale');
    assert.equal(damaged.exports.tag, 'D');
    writeFileSync(file, bytes.subarray(0, 10));
    assert.equal(start(bundle).status, 'stale');
  });

  it("V8's own refusal (code of another source under a matching header) falls back silently", () => {
    const other = writeBundle('d-other.js', 'E');
    const { cacheFile: otherFile } = start(other);
    const foreign = readFileSync(otherFile).subarray(20);

    // A different program with the other one's V8 data, under a header that is right for it:
    // only V8's own check can catch this.
    const bundle = join(dir, 'd.js');
    writeFileSync(bundle, readFileSync(other, 'utf8').replace("tag: 'E'", "tag: 'FF'"));
    const { cacheFile: file } = start(bundle);
    const header = readFileSync(file).subarray(0, 20);
    header.writeUInt32LE(crc32(foreign), 12);
    header.writeUInt32LE(foreign.length, 16);
    writeFileSync(file, Buffer.concat([header, foreign]));

    const refused = start(bundle);
    assert.equal(refused.status, 'rejected');
    assert.equal(refused.exports.tag, 'FF');
    assert.equal(refused.wrote, true, 'replaced by a usable one');
    assert.equal(start(bundle).status, 'accepted');
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off: nothing read, nothing written', () => {
    const bundle = writeBundle('e.js', 'G');
    const off = start(bundle, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.deepEqual(
      [off.status, off.cacheFile, off.wrote, off.exports.tag],
      ['disabled', undefined, false, 'G'],
    );
  });

  it('one file per bundle path and Node version, in the compile cache folder', () => {
    const a = codeCacheFile('/x/dist/global-store.bundle.js', env);
    const b = codeCacheFile('/y/dist/global-store.bundle.js', env);
    assert.ok(a?.startsWith(join(dir, 'cache')));
    assert.notEqual(a, b);
    assert.equal(a, codeCacheFile('/x/dist/global-store.bundle.js', env));
  });
});
