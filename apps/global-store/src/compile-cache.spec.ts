import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileCacheDirectory } from './compile-cache';

describe("Node's compile cache for the CLI and the server", () => {
  it('uses our own folder in the temporary folder, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE turns it off', () => {
    const ours = compileCacheDirectory({});
    assert.ok(ours?.startsWith(join(tmpdir(), 'tensorcast-global-store')), ours);
    assert.ok(ours?.endsWith('compile-cache'));
    assert.equal(compileCacheDirectory({ NODE_COMPILE_CACHE: '/var/cache/tc' }), '/var/cache/tc');
    assert.equal(compileCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
  });

  const supported = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache;
  it(
    'a CLI run fills the folder with compiled modules (Node >= 22.1)',
    { skip: supported === 'function' ? false : `Node ${process.version} has no compile cache` },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tc-compile-cache-'));
      try {
        const main = join(__dirname, 'main.js');
        const run = spawnSync(process.execPath, [main, '--version'], {
          // Our default folder under this TMPDIR (Node alone would use none).
          env: { ...process.env, TMPDIR: dir, NODE_COMPILE_CACHE: '' },
          encoding: 'utf8',
        });
        assert.equal(run.status, 0, run.stderr);
        const folder = readdirSync(dir).find((name) => name.startsWith('tensorcast-global-store'));
        assert.ok(folder, `no tensorcast-global-store folder in ${dir}`);
        const cache = join(dir, folder, 'compile-cache');
        assert.ok(existsSync(cache));
        const entries = readdirSync(cache, { recursive: true });
        assert.ok(entries.length > 10, `only ${entries.length} entries`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
