import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dump } from 'js-yaml';
import { defaultConfig, effectiveConfigToDocument } from './config.effective';
import type { Environment } from './config.environment';
import { ConfigError } from './config.error';
import {
  loadConfigFile,
  loadConfigText,
  readDatabasePassword,
  verifyTlsFiles,
} from './config.loader';
import type { GlobalStoreConfig, LoadedConfig } from './config.types';

const SOURCE = '/etc/tensorcast/global_store.yaml';
const NO_ENV: Environment = {};

const scratch = mkdtempSync(join(tmpdir(), 'config-spec-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function load(text: string, env: Environment = NO_ENV): LoadedConfig {
  return loadConfigText(text, SOURCE, env);
}

function rejection(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError, but the config was accepted');
}

function rejected(text: string): ConfigError {
  return rejection(() => load(text));
}

/** The rendered lines of the error message, without the header. */
function problemLines(error: ConfigError): string[] {
  return error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
}

/** config.md's defaults, written out by hand so the code cannot grade itself. */
const DOCUMENTED_DEFAULTS: GlobalStoreConfig = {
  meta: { schema_version: 'v1', description: '', cluster_token: '' },
  database: {
    driver: 'sqlite',
    db_file: null,
    synchronous: 'FULL',
    optimize_interval: 1_800_000,
    group_commit: true,
    max_group_size: 256,
    background_integrity_check_delay: 120_000,
    postgres: {
      url: '',
      password_file: null,
      pool_size: 10,
      connect_timeout: 10_000,
      statement_timeout: 30_000,
      tls: { enabled: false, ca_file: null, verify: true },
    },
  },
  server: {
    listen: { host: '0.0.0.0', port: 50051 },
    advertise: { host: '', port: 0 },
    metrics_port: 8001,
    metrics_host: '0.0.0.0',
    grpc: {
      max_concurrent_streams: undefined,
      keepalive_time: undefined,
      keepalive_timeout: undefined,
      max_connection_idle: undefined,
      max_connection_age: undefined,
      max_receive_message_size: 16 * 1024 * 1024,
      tls: { enabled: false, cert_file: null, key_file: null, client_ca_file: null },
    },
    memory: { idle_collection_delay: 5_000, idle_collection_min_growth: 32 * 1024 * 1024 },
  },
  worker_policy: {
    heartbeat_timeout: 30_000,
    cleanup_interval: 60_000,
    default_heartbeat_interval: 5_000,
    allow_loopback_addresses: false,
    key_mapping: { alias_cache_ttl: 1_000 },
  },
  registrations: { default_ttl: 600_000, max_ttl: 3_600_000, max_pending_per_daemon: 1024 },
  memory_tier: {
    snapshot_retention: 600_000,
    snapshot_max_rows: 200,
    pending_lease_ttl: 3_600_000,
    lease_retention: 86_400_000,
  },
  observability: {
    logging: { level: 'INFO', format: 'text', file: '' },
    dashboard: { enabled: true },
  },
  chunk_directory: { orphan_ttl: 3_600_000 },
  transports: { retention: 86_400_000 },
  ha: { lease_ttl: 10_000, renew_interval: 3_000, instance_id: '', advertise_address: '' },
};

describe('defaults', () => {
  it('an empty mapping yields every documented default', () => {
    const loaded = load('{}');
    assert.deepEqual(loaded.config, DOCUMENTED_DEFAULTS);
    assert.deepEqual(loaded.warnings, []);
    assert.equal(loaded.source, SOURCE);
  });

  it('defaultConfig() is the same documented default', () => {
    assert.deepEqual(defaultConfig(), DOCUMENTED_DEFAULTS);
  });

  it('an empty section keeps its defaults', () => {
    assert.deepEqual(load('server:\nworker_policy: {}\n').config, DOCUMENTED_DEFAULTS);
  });

  it('metrics_host follows listen.host unless set', () => {
    assert.equal(load('server: {listen: {host: 10.1.2.3}}').config.server.metrics_host, '10.1.2.3');
    const explicit = load('server: {listen: {host: 10.1.2.3}, metrics_host: 127.0.0.1}');
    assert.equal(explicit.config.server.metrics_host, '127.0.0.1');
  });
});

describe('effective values', () => {
  it('turns durations into milliseconds and sizes into bytes', () => {
    const { config } = load(`
database: {optimize_interval: 5m}
server:
  grpc: {keepalive_time: 0.5s, max_connection_age: 1h, max_receive_message_size: 64KiB, max_concurrent_streams: 100}
worker_policy: {heartbeat_timeout: 1500ms, default_heartbeat_interval: 1s, key_mapping: {alias_cache_ttl: 0s}}
`);
    assert.equal(config.database.optimize_interval, 300_000);
    assert.equal(config.server.grpc.keepalive_time, 500);
    assert.equal(config.server.grpc.max_connection_age, 3_600_000);
    assert.equal(config.server.grpc.keepalive_timeout, undefined);
    assert.equal(config.server.grpc.max_receive_message_size, 65_536);
    assert.equal(config.server.grpc.max_concurrent_streams, 100);
    assert.equal(config.worker_policy.heartbeat_timeout, 1_500);
    assert.equal(config.worker_policy.key_mapping.alias_cache_ttl, 0);
  });

  it('accepts the message size as plain bytes', () => {
    const { config } = load('server: {grpc: {max_receive_message_size: 1048576}}');
    assert.equal(config.server.grpc.max_receive_message_size, 1_048_576);
  });

  it('resolves relative file paths against the config file directory', () => {
    const { config } = load(`
database: {db_file: data/global_store.db}
observability: {logging: {file: ../../var/log/gs.log}}
server: {grpc: {tls: {enabled: true, cert_file: tls/cert.pem, key_file: /abs/key.pem}}}
`);
    assert.equal(config.database.db_file, '/etc/tensorcast/data/global_store.db');
    assert.equal(config.observability.logging.file, '/var/log/gs.log');
    assert.equal(config.server.grpc.tls.cert_file, '/etc/tensorcast/tls/cert.pem');
    assert.equal(config.server.grpc.tls.key_file, '/abs/key.pem');
    assert.equal(config.server.grpc.tls.client_ca_file, null);
  });
});

describe('unknown keys', () => {
  it('names the full key path and suggests the near-miss sibling', () => {
    const error = rejected('server:\n  listen:\n    hots: 127.0.0.1\n');
    assert.deepEqual(error.issues, [
      { path: 'server.listen.hots', message: 'unknown key (did you mean "host"?)' },
    ]);
    assert.deepEqual(problemLines(error), [
      'server.listen.hots: unknown key (did you mean "host"?)',
    ]);
  });

  it('reports deeply nested unknown keys with their path', () => {
    const error = rejected('server: {grpc: {tls: {enabeld: true}}}');
    assert.deepEqual(error.issues, [
      { path: 'server.grpc.tls.enabeld', message: 'unknown key (did you mean "enabled"?)' },
    ]);
  });

  it('suggests the right section for a key put in the wrong one', () => {
    const error = rejected('server: {heartbeat_timeout: 30s}');
    assert.deepEqual(error.issues, [
      {
        path: 'server.heartbeat_timeout',
        message: 'unknown key (did you mean "worker_policy.heartbeat_timeout"?)',
      },
    ]);
  });

  it('lists the known keys when nothing is close', () => {
    const error = rejected('server: {listen: {address: 1.2.3.4}}');
    assert.deepEqual(error.issues, [
      { path: 'server.listen.address', message: 'unknown key (known keys here: host, port)' },
    ]);
  });

  it('rejects unknown top-level sections', () => {
    const error = rejected('databse: {db_file: null}');
    assert.deepEqual(error.issues, [
      { path: 'databse', message: 'unknown key (did you mean "database"?)' },
    ]);
  });
});

describe('wrong types and values', () => {
  it('rejects a string where a port number belongs', () => {
    const error = rejected('server: {listen: {port: "50051"}}');
    assert.deepEqual(problemLines(error), [
      'server.listen.port: expected a port number in 0..65535, got "50051"',
    ]);
  });

  it('rejects out-of-range and fractional ports, and accepts 0 as ephemeral', () => {
    for (const port of ['70000', '65536', '-1', '80.5']) {
      const error = rejected(`server: {metrics_port: ${port}}`);
      assert.deepEqual(error.issues, [
        { path: 'server.metrics_port', message: `expected a port number in 0..65535, got ${port}` },
      ]);
    }
    assert.equal(load('server: {listen: {port: 0}, metrics_port: 0}').config.server.listen.port, 0);
    assert.equal(load('server: {listen: {port: 65535}}').config.server.listen.port, 65535);
  });

  it('rejects non-booleans for flags (YAML 1.2: "yes" is a string)', () => {
    const error = rejected('worker_policy: {allow_loopback_addresses: yes}');
    assert.deepEqual(error.issues, [
      {
        path: 'worker_policy.allow_loopback_addresses',
        message: 'expected true or false, got "yes"',
      },
    ]);
  });

  it('rejects a scalar or a list where a section belongs', () => {
    assert.deepEqual(rejected('server: 5').issues, [
      { path: 'server', message: 'expected a mapping, got 5' },
    ]);
    assert.deepEqual(rejected('server: {grpc: [a, b]}').issues, [
      { path: 'server.grpc', message: 'expected a mapping, got a list' },
    ]);
  });

  it('does not echo a mistyped value of a string key (it may be a secret)', () => {
    const error = rejected('meta: {cluster_token: 8675309}');
    assert.deepEqual(error.issues, [
      { path: 'meta.cluster_token', message: 'expected a string, got a number' },
    ]);
    assert.doesNotMatch(error.message, /8675309/);
  });

  it('ha.renew_interval must be at most half of ha.lease_ttl, named in the message', () => {
    assert.equal(load('ha: {lease_ttl: 2s, renew_interval: 1s}').config.ha.renew_interval, 1000);
    const { issues } = rejected('ha: {lease_ttl: 2s, renew_interval: 1500ms}');
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, 'ha.renew_interval');
    assert.match(issues[0].message, /at most half of ha\.lease_ttl/);
  });

  it('observability.dashboard.enabled is on by default and takes only a boolean', () => {
    assert.equal(load('{}').config.observability.dashboard.enabled, true);
    assert.equal(
      load('observability: {dashboard: {enabled: false}}').config.observability.dashboard.enabled,
      false,
    );
    const issues = rejected('observability: {dashboard: {enabled: "off"}}').issues;
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, 'observability.dashboard.enabled');
  });

  it('lists the allowed values for an enum', () => {
    assert.deepEqual(rejected('database: {synchronous: full}').issues, [
      { path: 'database.synchronous', message: 'expected one of FULL, NORMAL, got "full"' },
    ]);
    assert.deepEqual(rejected('observability: {logging: {level: VERBOSE}}').issues, [
      {
        path: 'observability.logging.level',
        message: 'expected one of DEBUG, INFO, WARNING, ERROR, got "VERBOSE"',
      },
    ]);
    assert.deepEqual(rejected('observability: {logging: {format: yaml}}').issues, [
      { path: 'observability.logging.format', message: 'expected one of json, text, got "yaml"' },
    ]);
    assert.deepEqual(rejected('meta: {schema_version: v2}').issues, [
      { path: 'meta.schema_version', message: 'expected one of v1, got "v2"' },
    ]);
  });

  it('names the key of a bad duration exactly', () => {
    const error = rejected('worker_policy: {heartbeat_timeout: 30}');
    assert.deepEqual(problemLines(error), [
      'worker_policy.heartbeat_timeout: expected a duration like "30s", got 30',
    ]);
    for (const bad of ['"30 seconds"', '1d', '"-5s"', 'null']) {
      const issues = rejected(`registrations: {max_ttl: ${bad}}`).issues;
      assert.equal(issues.length, 1, bad);
      assert.equal(issues[0].path, 'registrations.max_ttl');
      assert.match(issues[0].message, /^expected a duration like "30s", got /);
    }
  });

  it('rejects zero where a duration must be positive, and timer-overflowing durations', () => {
    assert.deepEqual(rejected('worker_policy: {cleanup_interval: 0s}').issues, [
      { path: 'worker_policy.cleanup_interval', message: 'must be longer than 0s, got "0s"' },
    ]);
    const error = rejected('database: {optimize_interval: 1000h}');
    assert.equal(error.issues[0].path, 'database.optimize_interval');
    assert.match(error.issues[0].message, /^must be at most 2147483647ms/);
  });

  it('requires whole seconds for alias_cache_ttl, which clients receive in seconds', () => {
    const error = rejected('worker_policy: {key_mapping: {alias_cache_ttl: 1500ms}}');
    assert.equal(error.issues[0].path, 'worker_policy.key_mapping.alias_cache_ttl');
    assert.match(error.issues[0].message, /^must be a whole number of seconds/);
  });

  it('rejects bad message sizes and stream limits', () => {
    assert.deepEqual(rejected('server: {grpc: {max_receive_message_size: 16 megs}}').issues, [
      {
        path: 'server.grpc.max_receive_message_size',
        message: 'expected a size in bytes like 16777216 or "16MiB", got "16 megs"',
      },
    ]);
    assert.equal(rejected('server: {grpc: {max_receive_message_size: 0}}').issues.length, 1);
    assert.deepEqual(rejected('server: {grpc: {max_concurrent_streams: 0}}').issues, [
      {
        path: 'server.grpc.max_concurrent_streams',
        message: 'expected an integer in 1..2147483647, got 0',
      },
    ]);
  });

  it('server.memory: a positive delay or null (off), and a size for the growth', () => {
    const { config } = load(
      'server: {memory: {idle_collection_delay: 30s, idle_collection_min_growth: 128MiB}}',
    );
    assert.deepEqual(config.server.memory, {
      idle_collection_delay: 30_000,
      idle_collection_min_growth: 128 * 1024 * 1024,
    });
    const off = load('server: {memory: {idle_collection_delay: null}}').config.server.memory;
    assert.equal(off.idle_collection_delay, null);
    assert.deepEqual(rejected('server: {memory: {idle_collection_delay: 0s}}').issues, [
      { path: 'server.memory.idle_collection_delay', message: 'must be longer than 0s, got "0s"' },
    ]);
    assert.deepEqual(rejected('server: {memory: {idle_collection_min_growth: lots}}').issues, [
      {
        path: 'server.memory.idle_collection_min_growth',
        message: 'expected a size in bytes like 16777216 or "16MiB", got "lots"',
      },
    ]);
    const typo = rejected('server: {memory: {idle_colection_delay: 5s}}');
    assert.equal(typo.issues[0].path, 'server.memory.idle_colection_delay');
    assert.match(typo.issues[0].message, /idle_collection_delay/);
  });

  it('wants null, not ":memory:" or "", for an in-memory database', () => {
    assert.deepEqual(rejected('database: {db_file: ":memory:"}').issues, [
      { path: 'database.db_file', message: 'use null for an in-memory database, not ":memory:"' },
    ]);
    assert.equal(rejected('database: {db_file: ""}').issues[0].path, 'database.db_file');
  });

  it('reports every problem at once, each on its own line', () => {
    const error = rejected(`
server: {listen: {port: 99999, hots: x}}
worker_policy: {heartbeat_timeout: soon}
observability: {logging: {level: LOUD}}
`);
    assert.equal(error.issues.length, 4);
    assert.match(
      error.message,
      /^invalid config file \/etc\/tensorcast\/global_store\.yaml \(4 problems\):\n/,
    );
    assert.deepEqual(
      problemLines(error)
        .map((line) => line.slice(0, line.indexOf(':')))
        .sort(),
      [
        'observability.logging.level',
        'server.listen.hots',
        'server.listen.port',
        'worker_policy.heartbeat_timeout',
      ],
    );
  });
});

describe('cross-field rules', () => {
  it('heartbeat_timeout must exceed default_heartbeat_interval', () => {
    for (const timeout of ['5s', '4s', '5000ms']) {
      const error = rejected(
        `worker_policy: {heartbeat_timeout: ${timeout}, default_heartbeat_interval: 5s}`,
      );
      assert.deepEqual(error.issues, [
        {
          path: 'worker_policy.heartbeat_timeout',
          message: `must be longer than worker_policy.default_heartbeat_interval ("5s"), got "${timeout}"`,
        },
      ]);
    }
    const ok = load('worker_policy: {heartbeat_timeout: 5001ms, default_heartbeat_interval: 5s}');
    assert.equal(ok.config.worker_policy.heartbeat_timeout, 5_001);
    // The default heartbeat_timeout (30s) is checked too, not only a value from the file.
    assert.equal(
      rejected('worker_policy: {default_heartbeat_interval: 30s}').issues[0].path,
      'worker_policy.heartbeat_timeout',
    );
  });

  it('default_ttl must not exceed max_ttl, and both must be positive', () => {
    assert.deepEqual(rejected('registrations: {default_ttl: 2h}').issues, [
      {
        path: 'registrations.default_ttl',
        message: 'must not be longer than registrations.max_ttl ("3600s"), got "2h"',
      },
    ]);
    assert.equal(
      load('registrations: {default_ttl: 1h, max_ttl: 3600s}').config.registrations.default_ttl,
      3_600_000,
    );
    assert.deepEqual(rejected('registrations: {default_ttl: 0s}').issues, [
      { path: 'registrations.default_ttl', message: 'must be longer than 0s, got "0s"' },
    ]);
    assert.deepEqual(
      rejected('registrations: {max_ttl: 0s, default_ttl: 0s}')
        .issues.map((i) => i.path)
        .sort(),
      ['registrations.default_ttl', 'registrations.max_ttl'],
    );
  });

  it('TLS needs cert_file and key_file once enabled', () => {
    assert.deepEqual(rejected('server: {grpc: {tls: {enabled: true}}}').issues, [
      {
        path: 'server.grpc.tls.cert_file',
        message: 'required when server.grpc.tls.enabled is true',
      },
      {
        path: 'server.grpc.tls.key_file',
        message: 'required when server.grpc.tls.enabled is true',
      },
    ]);
    const ok = load('server: {grpc: {tls: {enabled: true, cert_file: /c.pem, key_file: /k.pem}}}');
    assert.equal(ok.config.server.grpc.tls.enabled, true);
  });

  it('metrics cannot share the gRPC port on the same host', () => {
    assert.deepEqual(rejected('server: {listen: {port: 9000}, metrics_port: 9000}').issues, [
      {
        path: 'server.metrics_port',
        message: 'must differ from server.listen.port (9000) on the same host',
      },
    ]);
    const apart = load(
      'server: {listen: {host: 10.0.0.1, port: 9000}, metrics_host: 10.0.0.2, metrics_port: 9000}',
    );
    assert.equal(apart.config.server.metrics_port, 9000);
  });
});

describe('upstream-only keys', () => {
  it('are accepted with one warning each, naming the key', () => {
    const loaded = load(`
worker_policy:
  transport_scheduler: {policy: round_robin, weights: {rdma: 2}}
limits:
  digest_writes: 64
  max_artifacts: 1000
observability:
  otel: {endpoint: "http://collector:4317"}
`);
    assert.deepEqual(loaded.config, DOCUMENTED_DEFAULTS);
    assert.equal(loaded.warnings.length, 3);
    assert.match(
      loaded.warnings[0],
      /^worker_policy\.transport_scheduler: not implemented by this server/,
    );
    assert.match(loaded.warnings[1], /^limits: not implemented by this server/);
    assert.match(loaded.warnings[2], /^observability\.otel: not implemented by this server/);
  });

  it('only at their own path: the same name elsewhere is still an error', () => {
    assert.equal(rejected('server: {otel: {}}').issues[0].path, 'server.otel');
  });
});

describe('environment', () => {
  it('ignores legacy GLOBAL_STORE_* variables with a warning naming the config key', () => {
    const loaded = load('{}', {
      GLOBAL_STORE_DB_PATH: '/var/lib/old.db',
      GLOBAL_STORE_OPTIMIZE_INTERVAL_MS: '1000',
      GLOBAL_STORE_PORT: '6000',
    });
    assert.equal(loaded.config.database.db_file, null);
    assert.equal(loaded.config.database.optimize_interval, 1_800_000);
    assert.equal(loaded.config.server.listen.port, 50051);
    assert.deepEqual(loaded.warnings, [
      'environment variable GLOBAL_STORE_DB_PATH is ignored (environment variables are not settings): set database.db_file in the config file instead',
      'environment variable GLOBAL_STORE_OPTIMIZE_INTERVAL_MS is ignored (environment variables are not settings): set database.optimize_interval in the config file instead',
      'environment variable GLOBAL_STORE_PORT is ignored (environment variables are not settings): set server.listen.port in the config file instead',
    ]);
  });

  it('warns about unknown GLOBAL_STORE_* variables too, without echoing values', () => {
    const loaded = load('{}', { GLOBAL_STORE_SECRET_SAUCE: 'hunter2', HOME: '/root' });
    assert.equal(loaded.warnings.length, 1);
    assert.match(loaded.warnings[0], /GLOBAL_STORE_SECRET_SAUCE is ignored .*config file/);
    assert.doesNotMatch(loaded.warnings[0], /hunter2/);
  });

  it('LOG_LEVEL overrides the file, case-insensitively, WARN meaning WARNING', () => {
    const file = 'observability: {logging: {level: ERROR}}';
    assert.equal(load(file).config.observability.logging.level, 'ERROR');
    assert.equal(load(file, { LOG_LEVEL: 'debug' }).config.observability.logging.level, 'DEBUG');
    assert.equal(load(file, { LOG_LEVEL: 'Warn' }).config.observability.logging.level, 'WARNING');
    assert.equal(
      load(file, { LOG_LEVEL: 'WARNING' }).config.observability.logging.level,
      'WARNING',
    );
    assert.deepEqual(load(file, { LOG_LEVEL: 'info' }).warnings, []);
  });

  it('an invalid LOG_LEVEL is ignored with a warning', () => {
    const loaded = load('observability: {logging: {level: ERROR}}', { LOG_LEVEL: 'verbose' });
    assert.equal(loaded.config.observability.logging.level, 'ERROR');
    assert.equal(loaded.warnings.length, 1);
    assert.match(
      loaded.warnings[0],
      /^LOG_LEVEL="verbose" is ignored: expected one of DEBUG, INFO, WARNING, ERROR/,
    );
  });
});

describe('files and documents', () => {
  it('loads a JSON file', () => {
    const path = join(scratch, 'config.json');
    writeFileSync(
      path,
      JSON.stringify({
        database: { db_file: 'state.db', synchronous: 'NORMAL' },
        server: { listen: { port: 6000 } },
        worker_policy: { heartbeat_timeout: '45s' },
      }),
    );
    const loaded = loadConfigFile(path, NO_ENV);
    assert.equal(loaded.source, path);
    assert.equal(loaded.config.database.db_file, join(scratch, 'state.db'));
    assert.equal(loaded.config.database.synchronous, 'NORMAL');
    assert.equal(loaded.config.server.listen.port, 6000);
    assert.equal(loaded.config.worker_policy.heartbeat_timeout, 45_000);
  });

  it('reads a .json file as strict JSON: a trailing comma is refused with line, column and key', () => {
    const path = join(scratch, 'trailing-comma.json');
    writeFileSync(path, '{\n  "server": {\n    "listen": { "port": 6000, }\n  }\n}\n');
    const error = rejection(() => loadConfigFile(path, NO_ENV));
    assert.equal(error.issues.length, 1);
    assert.match(
      error.issues[0].message,
      /^JSON syntax error at line 3, column 31 \(in or after the key server\.listen\.port\): .*strict JSON/,
    );
    assert.match(error.message, new RegExp(`^invalid config file ${path} `));
  });

  it('refuses comments, unquoted keys and duplicate keys in a .json file', () => {
    const cases: [string, RegExp][] = [
      ['{\n  // the port\n  "server": {}\n}\n', /line 2, column 3/],
      ['{ meta: {} }', /line 1, column 3/],
      ['{ "meta": {}, "meta": {} }', /duplicated mapping key/],
    ];
    for (const [text, expected] of cases) {
      const path = join(scratch, 'lenient.json');
      writeFileSync(path, text);
      const error = rejection(() => loadConfigFile(path, NO_ENV));
      assert.match(error.issues[0].message, expected, text);
    }
  });

  it('still reads a trailing comma in a YAML flow mapping as YAML does', () => {
    assert.equal(load('server: { metrics_port: 7001, }\n').config.server.metrics_port, 7001);
  });

  it('reports a YAML syntax error with its line', () => {
    const path = join(scratch, 'broken.yaml');
    writeFileSync(path, 'server:\n  listen:\n    host: [unclosed\n');
    const error = rejection(() => loadConfigFile(path, NO_ENV));
    assert.equal(error.issues.length, 1);
    assert.match(error.issues[0].message, /^syntax error at line \d+, column \d+: /);
    assert.match(error.message, new RegExp(`^invalid config file ${path} `));
  });

  it('reports the line of a duplicated key instead of keeping either value', () => {
    const error = rejected('meta: {}\nserver: {}\nmeta: {}\n');
    assert.match(
      error.issues[0].message,
      /^syntax error at line 3, column 1: duplicated mapping key/,
    );
  });

  it('rejects a document that is not a mapping', () => {
    for (const text of ['- meta\n- server\n', 'just a string', '42']) {
      const error = rejected(text);
      assert.equal(error.issues.length, 1, text);
      assert.match(
        error.issues[0].message,
        /^expected a mapping with the sections meta, database, /,
      );
    }
    assert.match(rejected('').issues[0].message, /^the file is empty/);
    assert.match(rejected('# only a comment\n').issues[0].message, /^the file is empty/);
  });

  it('reports a missing file with its path', () => {
    const path = join(scratch, 'nope.yaml');
    const error = rejection(() => loadConfigFile(path, NO_ENV));
    assert.deepEqual(error.issues, [{ path: '', message: 'cannot read the file: no such file' }]);
    assert.ok(error.message.includes(path));
  });

  it('effectiveConfigToDocument writes the file shape, which loads back to the same config', () => {
    const loaded = load(`
meta: {description: round trip, cluster_token: abc}
database: {db_file: /data/gs.db, synchronous: NORMAL, optimize_interval: 90s}
server:
  listen: {host: 127.0.0.1, port: 7000}
  advertise: {host: gs.example, port: 443}
  metrics_port: 7001
  grpc: {keepalive_time: 1500ms, max_receive_message_size: 1000000, max_concurrent_streams: 8,
         tls: {enabled: true, cert_file: /c.pem, key_file: /k.pem, client_ca_file: /ca.pem}}
worker_policy: {heartbeat_timeout: 1m, allow_loopback_addresses: true}
registrations: {default_ttl: 0.5s, max_pending_per_daemon: 3}
observability: {logging: {level: DEBUG, format: json, file: /var/log/gs.log}}
`);
    const document = effectiveConfigToDocument(loaded.config);
    assert.equal(document.worker_policy.heartbeat_timeout, '1m');
    assert.equal(document.registrations.default_ttl, '500ms');
    assert.equal(document.server.grpc.keepalive_time, '1500ms');
    assert.equal(document.server.grpc.keepalive_timeout, null);
    assert.equal(document.server.grpc.max_receive_message_size, 1_000_000);
    assert.deepEqual(load(dump(document)).config, loaded.config);
  });

  it('the default document reads like config.md', () => {
    const document = effectiveConfigToDocument(defaultConfig());
    assert.equal(document.worker_policy.heartbeat_timeout, '30s');
    assert.equal(document.registrations.max_ttl, '1h');
    assert.equal(document.server.grpc.max_receive_message_size, '16MiB');
    assert.equal(document.server.metrics_host, '0.0.0.0');
    assert.deepEqual(load(dump(document)).config, DOCUMENTED_DEFAULTS);
  });
});

describe('verifyTlsFiles', () => {
  const withTls = (cert: string, key: string): LoadedConfig =>
    load(`server: {grpc: {tls: {enabled: true, cert_file: "${cert}", key_file: "${key}"}}}`);

  it('names the key of a TLS file that cannot be read', () => {
    const cert = join(scratch, 'cert.pem');
    writeFileSync(cert, 'not really a certificate');
    const missing = join(scratch, 'missing-key.pem');
    const error = rejection(() => verifyTlsFiles(withTls(cert, missing)));
    assert.deepEqual(error.issues, [
      { path: 'server.grpc.tls.key_file', message: `cannot read ${missing}: no such file` },
    ]);
    verifyTlsFiles(withTls(cert, cert));
  });

  it('checks nothing while TLS is off', () => {
    verifyTlsFiles(load('server: {grpc: {tls: {enabled: false, cert_file: /nonexistent.pem}}}'));
  });
});

describe('database.driver postgres', () => {
  const URL = 'postgres://tensorcast@db.example:5432/global_store';

  it('takes the postgres block, resolving files against the config folder', () => {
    const { config } = load(
      `database: {driver: postgres, postgres: {url: "${URL}", password_file: secret/pw, ` +
        `pool_size: 4, connect_timeout: 2s, statement_timeout: 0s, ` +
        `tls: {enabled: true, ca_file: ca.pem, verify: false}}}`,
    );
    assert.equal(config.database.driver, 'postgres');
    assert.deepEqual(config.database.postgres, {
      url: URL,
      password_file: '/etc/tensorcast/secret/pw',
      pool_size: 4,
      connect_timeout: 2_000,
      statement_timeout: 0,
      tls: { enabled: true, ca_file: '/etc/tensorcast/ca.pem', verify: false },
    });
    const document = effectiveConfigToDocument(config);
    assert.equal(document.database.postgres.statement_timeout, '0s');
    assert.deepEqual(load(dump(document)).config, config);
  });

  it('requires the url, and refuses a SQLite db_file next to it', () => {
    assert.deepEqual(problemLines(rejected('database: {driver: postgres, db_file: x.db}')), [
      'database.postgres.url: required when database.driver is postgres',
      'database.db_file: names a SQLite file, but database.driver is postgres: remove it (or set it to null)',
    ]);
  });

  it('rejects an unknown driver, listing the known ones', () => {
    assert.deepEqual(problemLines(rejected('database: {driver: mysql}')), [
      'database.driver: expected one of sqlite, postgres, got "mysql"',
    ]);
  });

  it('rejects malformed urls without echoing them (they may hold a password)', () => {
    const cases: [string, string][] = [
      ['not a url', 'expected postgres://USER@HOST:PORT/DATABASE, got a string that is not a URL'],
      ['mysql://h/db', 'expected postgres://USER@HOST:PORT/DATABASE, got a "mysql" URL'],
      [
        'postgres://u:hunter2@h/db',
        'must not contain a password: put it in a file named by database.postgres.password_file',
      ],
      [
        'postgres://u@h',
        'expected postgres://USER@HOST:PORT/DATABASE: the database name is missing',
      ],
      [
        'postgres://u@h/db?sslmode=require',
        'expected postgres://USER@HOST:PORT/DATABASE without "?" options: set them with the other database.postgres keys (tls, timeouts, pool_size)',
      ],
    ];
    for (const [url, message] of cases) {
      const error = rejected(`database: {driver: postgres, postgres: {url: "${url}"}}`);
      assert.deepEqual(problemLines(error), [`database.postgres.url: ${message}`]);
      assert.ok(!error.message.includes('hunter2'));
    }
  });

  it('checks types and ranges of the other keys by name', () => {
    const error = rejected(
      `database: {driver: postgres, postgres: {url: "${URL}", pool_size: 0, ` +
        `connect_timeout: 0s, statement_timeout: 5, tls: {verify: "no"}, ssl: true}}`,
    );
    assert.deepEqual(problemLines(error).sort(), [
      'database.postgres.connect_timeout: must be longer than 0s, got "0s"',
      'database.postgres.pool_size: expected an integer in 1..1000, got 0',
      'database.postgres.ssl: unknown key (known keys here: url, password_file, pool_size, connect_timeout, statement_timeout, tls)',
      'database.postgres.statement_timeout: expected a duration like "30s", got 5',
      'database.postgres.tls.verify: expected true or false, got "no"',
    ]);
  });

  it('reads the password file at startup, without its trailing newline', () => {
    const file = join(scratch, 'pg-password');
    writeFileSync(file, 's3cret\n');
    const withFile = (path: string) =>
      load(`database: {driver: postgres, postgres: {url: "${URL}", password_file: "${path}"}}`)
        .config;
    assert.equal(readDatabasePassword(withFile(file)), 's3cret');
    assert.equal(readDatabasePassword(load('{}').config), undefined);
    const missing = join(scratch, 'no-such-password');
    assert.deepEqual(rejection(() => readDatabasePassword(withFile(missing))).issues, [
      { path: 'database.postgres.password_file', message: `cannot read ${missing}: no such file` },
    ]);
    writeFileSync(file, '');
    assert.deepEqual(rejection(() => readDatabasePassword(withFile(file))).issues, [
      { path: 'database.postgres.password_file', message: `${file} is empty` },
    ]);
  });
});
