#!/usr/bin/env node
// Runs every compiled *.spec.js (unit, beside the code) and test/e2e/*.e2e.js with node's
// test runner. Node 20's --test has no glob support, so the file list is built here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'dist';
const only = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(spec|e2e)\.js$/.test(name)) files.push(path);
  }
}
for (const top of ['libs', 'apps', 'test']) {
  try {
    walk(join(root, top));
  } catch {
    // a tree without that folder has no tests there
  }
}
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
selected.sort();
if (selected.length === 0) {
  console.error('no test files found under dist/');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
