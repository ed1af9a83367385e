import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { loadConfigFile } from './config.loader';
import { schemaKeyPaths } from './config.schema';

/** The repository's examples/config, found from wherever this spec was compiled to. */
function examplesDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'config');
    if (existsSync(join(candidate, 'global_store_config.yaml'))) return candidate;
  }
  throw new Error(`examples/config not found above ${__dirname}`);
}

const EXAMPLE = join(examplesDir(), 'global_store_config.yaml');
const PRODUCTION = join(examplesDir(), 'global_store_production.yaml');

/** Key paths of a parsed document, sections included ("server", "server.listen", …). */
function documentKeyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...documentKeyPaths(child, path)];
  });
}

describe('examples/config/global_store_config.yaml', () => {
  it('loads with no errors and no warnings', () => {
    const loaded = loadConfigFile(EXAMPLE, {});
    assert.deepEqual(loaded.warnings, []);
  });

  it('is the local development setup config.md describes', () => {
    const { config } = loadConfigFile(EXAMPLE, {});
    assert.equal(config.database.db_file, null);
    assert.equal(config.server.listen.host, '0.0.0.0');
    assert.equal(config.server.listen.port, 50051);
    assert.equal(config.server.metrics_port, 8001);
    assert.equal(config.worker_policy.allow_loopback_addresses, true);
  });

  it('spells out every key of the schema, and nothing else', () => {
    const inFile = documentKeyPaths(load(readFileSync(EXAMPLE, 'utf8')));
    const expected = schemaKeyPaths();
    assert.deepEqual([...inFile].sort(), [...expected].sort());
  });

  it('documents every key with a comment', () => {
    const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
    const undocumented = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => /^\s*[a-z_]+:/.test(line))
      .filter(({ line, index }) => !line.includes('#') && !/^\s*#/.test(lines[index - 1] ?? ''))
      .map(({ line }) => line.trim());
    assert.deepEqual(undocumented, []);
  });
});

describe('examples/config/global_store_production.yaml', () => {
  it('loads with no errors and no warnings, persistent and strict', () => {
    const loaded = loadConfigFile(PRODUCTION, {});
    assert.deepEqual(loaded.warnings, []);
    assert.equal(loaded.config.database.db_file, '/data/global_store.db');
    assert.equal(loaded.config.database.synchronous, 'FULL');
    assert.equal(loaded.config.worker_policy.allow_loopback_addresses, false);
    assert.equal(loaded.config.observability.logging.format, 'json');
  });
});
