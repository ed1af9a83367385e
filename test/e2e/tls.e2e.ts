import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ConfigDocument,
  GlobalStoreProcess,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { call, connectClients, expectGrpcError, workerRequest } from './support/grpc-clients';

/** PEM files of a throwaway PKI, generated per run so nothing secret or expiring is checked in. */
interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  rogueClientCert: string;
  rogueClientKey: string;
  /** A valid key that belongs to no certificate above. */
  strayKey: string;
  /** Neither a certificate nor a key. */
  garbage: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Two CAs (the trusted one and a rogue one), a server certificate for 127.0.0.1/localhost and
 * client certificates from each CA. EC P-256 keeps generation to a few milliseconds. A minimal
 * openssl.cnf keeps the host's default config (which may add extensions) out of the result.
 */
function generatePki(): TestPki {
  const dir = tempDir('tc-gs-tls-');
  const path = (name: string) => join(dir, name);
  writeFileSync(path('openssl.cnf'), '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = x\n');
  writeFileSync(
    path('ca.ext'),
    'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n',
  );
  writeFileSync(
    path('server.ext'),
    'basicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n' +
      'subjectAltName = IP:127.0.0.1, DNS:localhost\n',
  );
  writeFileSync(path('client.ext'), 'basicConstraints = CA:FALSE\nextendedKeyUsage = clientAuth\n');

  let serial = 1;
  const key = (name: string) =>
    openssl(dir, [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      `${name}.key`,
    ]);
  const csr = (name: string, cn: string) =>
    openssl(dir, [
      'req',
      '-new',
      '-config',
      'openssl.cnf',
      '-key',
      `${name}.key`,
      '-subj',
      `/CN=${cn}`,
      '-out',
      `${name}.csr`,
    ]);
  const selfSignedCa = (name: string, cn: string) => {
    key(name);
    csr(name, cn);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-signkey',
      `${name}.key`,
      '-days',
      '1',
      '-extfile',
      'ca.ext',
      '-out',
      `${name}.pem`,
    ]);
  };
  const issue = (name: string, cn: string, ca: string, ext: string) => {
    key(name);
    csr(name, cn);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-set_serial',
      String(serial++),
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      `${name}.pem`,
    ]);
  };

  selfSignedCa('ca', 'TensorCast Test CA');
  selfSignedCa('rogue-ca', 'Rogue CA');
  issue('server', 'localhost', 'ca', 'server.ext');
  issue('client', 'daemon-1', 'ca', 'client.ext');
  issue('rogue-client', 'daemon-1', 'rogue-ca', 'client.ext');
  key('stray');
  writeFileSync(path('garbage.pem'), 'not a PEM file\n');
  return {
    dir,
    caCert: path('ca.pem'),
    serverCert: path('server.pem'),
    serverKey: path('server.key'),
    clientCert: path('client.pem'),
    clientKey: path('client.key'),
    rogueClientCert: path('rogue-client.pem'),
    rogueClientKey: path('rogue-client.key'),
    strayKey: path('stray.key'),
    garbage: path('garbage.pem'),
  };
}

function tlsConfig(tls: Record<string, unknown>): ConfigDocument {
  return testConfig({ server: { grpc: { tls: { enabled: true, ...tls } } } });
}

/** Client credentials trusting `caFile`, optionally presenting a certificate. */
function clientCredentials(caFile: string, identity?: { cert: string; key: string }) {
  return grpc.credentials.createSsl(
    readFileSync(caFile),
    identity ? readFileSync(identity.key) : null,
    identity ? readFileSync(identity.cert) : null,
  );
}

/** HealthCheck with a short deadline: a refused handshake must not wait out the default. */
function healthCheck(address: string, credentials: grpc.ChannelCredentials) {
  const clients = connectClients(address, credentials);
  return call(clients.admin, 'HealthCheck', {}, 3_000).finally(() => clients.close());
}

describe('gRPC over TLS and mutual TLS', () => {
  let pki: TestPki;

  before(() => {
    pki = generatePki();
  });

  after(() => {
    rmSync(pki.dir, { recursive: true, force: true });
  });

  describe('server TLS (no client certificates)', () => {
    let server: GlobalStoreProcess;

    before(async () => {
      const config = tlsConfig({ cert_file: pki.serverCert, key_file: pki.serverKey });
      server = await startGlobalStore(writeConfig(pki.dir, config, 'tls.yaml'));
    });

    after(async () => {
      assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
    });

    test('a client trusting the CA registers a worker and passes HealthCheck', async () => {
      assert.match(server.output(), /gRPC on 127\.0\.0\.1:\d+ \(TLS\)/);
      const clients = connectClients(server.address, clientCredentials(pki.caCert));
      try {
        const registered = await call(clients.runtime, 'RegisterWorker', workerRequest());
        assert.equal(registered.status, 'STATUS_OK');
        const health = await call(clients.admin, 'HealthCheck', {});
        assert.equal(health.status, 'STATUS_OK');
        assert.equal(health.cluster_token, 'test-token');
      } finally {
        clients.close();
      }
    });

    test('plaintext clients are refused', async () => {
      await expectGrpcError(
        healthCheck(server.address, grpc.credentials.createInsecure()),
        grpc.status.UNAVAILABLE,
      );
    });

    test('a client that does not trust the server certificate refuses it', async () => {
      await expectGrpcError(
        healthCheck(server.address, clientCredentials(join(pki.dir, 'rogue-ca.pem'))),
        grpc.status.UNAVAILABLE,
      );
    });
  });

  describe('mutual TLS (client_ca_file set)', () => {
    let server: GlobalStoreProcess;

    before(async () => {
      const config = tlsConfig({
        cert_file: pki.serverCert,
        key_file: pki.serverKey,
        client_ca_file: pki.caCert,
      });
      // DEBUG: the refused handshakes' log lines explain the metric test's figures if it fails.
      server = await startGlobalStore(writeConfig(pki.dir, config, 'mtls.yaml'), {
        LOG_LEVEL: 'DEBUG',
      });
    });

    after(async () => {
      assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
    });

    test('a client certificate signed by the client CA is accepted', async () => {
      const credentials = clientCredentials(pki.caCert, {
        cert: pki.clientCert,
        key: pki.clientKey,
      });
      const clients = connectClients(server.address, credentials);
      try {
        const registered = await call(clients.runtime, 'RegisterWorker', workerRequest());
        assert.equal(registered.status, 'STATUS_OK');
        const health = await call(clients.admin, 'HealthCheck', {});
        assert.equal(health.status, 'STATUS_OK');
      } finally {
        clients.close();
      }
    });

    test('a client without a certificate is refused', async () => {
      await expectGrpcError(
        healthCheck(server.address, clientCredentials(pki.caCert)),
        grpc.status.UNAVAILABLE,
      );
    });

    test('a client certificate from another CA is refused', async () => {
      const credentials = clientCredentials(pki.caCert, {
        cert: pki.rogueClientCert,
        key: pki.rogueClientKey,
      });
      await expectGrpcError(healthCheck(server.address, credentials), grpc.status.UNAVAILABLE);
    });

    test('plaintext clients are refused', async () => {
      await expectGrpcError(
        healthCheck(server.address, grpc.credentials.createInsecure()),
        grpc.status.UNAVAILABLE,
      );
    });

    test('/metrics: seconds left on each certificate, and the refused handshakes by reason', async () => {
      // The three refusals above ran against this server (tests in a describe run in order).
      const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      const failures = (reason: string) =>
        Number(
          new RegExp(
            `^tc_grpc_tls_handshake_failures_total\\{reason="${reason}"\\} (\\d+)$`,
            'm',
          ).exec(text)?.[1] ?? 0,
        );
      const refusals = server
        .output()
        .split('\n')
        .filter((line) => line.includes('refused a TLS handshake'))
        .join('\n');
      // A client certificate from another CA is not always sent (the server names its CA in
      // the request), so that refusal may count as either certificate reason or "aborted".
      assert.ok(failures('no_client_certificate') >= 1, refusals);
      assert.ok(failures('not_tls') >= 1, refusals);
      const total = [...text.matchAll(/^tc_grpc_tls_handshake_failures_total\{[^}]*\} (\d+)$/gm)]
        .map((m) => Number(m[1]))
        .reduce((a, b) => a + b, 0);
      assert.ok(total >= 3, `${total} refusals counted:\n${refusals}`);
      assert.doesNotMatch(text, /^tc_grpc_tls_handshake_failures_total\{reason="other"\}/m);

      const expiry = (key: string, file: string) => {
        const match = new RegExp(
          `^tc_tls_certificate_expiry_seconds\\{config_key="${key.replace(/\./g, '\\.')}",index="0",subject="[^"]*"\\} (-?\\d+)$`,
          'm',
        ).exec(text);
        assert.ok(match, `${key} has an expiry gauge`);
        const notAfter = Date.parse(new X509Certificate(readFileSync(file)).validTo);
        const expected = (notAfter - Date.now()) / 1000;
        assert.ok(Math.abs(Number(match[1]) - expected) < 300, `${match[1]} vs ${expected}`);
      };
      expiry('server.grpc.tls.cert_file', pki.serverCert);
      expiry('server.grpc.tls.client_ca_file', pki.caCert);
    });
  });

  // Each case is its own short-lived process, so they run side by side.
  describe(
    'bad TLS files stop startup with a message naming the key',
    { concurrency: true },
    () => {
      const cases: { name: string; tls: () => Record<string, string>; message: RegExp }[] = [
        {
          name: 'missing certificate file',
          tls: () => ({ cert_file: join(pki.dir, 'absent.pem'), key_file: pki.serverKey }),
          message: /server\.grpc\.tls\.cert_file: cannot read .*absent\.pem: .*no such file/,
        },
        {
          name: 'garbage certificate PEM',
          tls: () => ({ cert_file: pki.garbage, key_file: pki.serverKey }),
          message: /server\.grpc\.tls\.cert_file: .*garbage\.pem holds no PEM certificate/,
        },
        {
          name: 'garbage key PEM',
          tls: () => ({ cert_file: pki.serverCert, key_file: pki.garbage }),
          message:
            /server\.grpc\.tls\.key_file: .*garbage\.pem cannot be loaded as a PEM private key/,
        },
        {
          name: 'key that does not match the certificate',
          tls: () => ({ cert_file: pki.serverCert, key_file: pki.strayKey }),
          message:
            /server\.grpc\.tls\.key_file: .*stray\.key is not the private key of the certificate/,
        },
        {
          name: 'garbage client CA bundle',
          tls: () => ({
            cert_file: pki.serverCert,
            key_file: pki.serverKey,
            client_ca_file: pki.garbage,
          }),
          message: /server\.grpc\.tls\.client_ca_file: .*garbage\.pem holds no PEM certificate/,
        },
      ];

      for (const { name, tls, message } of cases) {
        test(name, async () => {
          const dir = tempDir('tc-gs-tls-bad-');
          try {
            const config = writeConfig(dir, tlsConfig(tls()));
            const result = await runCli(['global', 'start', `--config=${config}`], {}, 30_000);
            const output = result.stdout + result.stderr;
            assert.equal(result.code, 2, `startup must fail as a config error:\n${output}`);
            assert.match(result.stderr, message);
            assert.doesNotMatch(output, /Global Store serving/);
            // check-config runs the same checks: it never passes what start refuses.
            const checked = await runCli(
              ['global', 'check-config', `--config=${config}`],
              {},
              // Five of these run side by side; on a loaded 2-core machine each takes seconds.
              30_000,
            );
            assert.equal(checked.code, 2, checked.stdout + checked.stderr);
            assert.match(checked.stderr, message);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    },
  );
});

describe('logging.file in a missing folder', () => {
  test('check-config and start both refuse it with exit 2, naming the key', async () => {
    const dir = tempDir('tc-gs-logfile-');
    try {
      const config = writeConfig(
        dir,
        testConfig({ observability: { logging: { file: join(dir, 'absent', 'gs.log') } } }),
      );
      for (const command of ['check-config', 'start']) {
        const result = await runCli(['global', command, `--config=${config}`], {}, 30_000);
        assert.equal(result.code, 2, `${command}: ${result.stdout}${result.stderr}`);
        assert.match(
          result.stderr,
          /observability\.logging\.file: the folder .*absent does not exist/,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
