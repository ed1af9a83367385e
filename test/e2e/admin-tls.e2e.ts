import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  GlobalStoreProcess,
  runCli,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { call, connectClients, expectGrpcError } from './support/grpc-clients';

/** A throwaway CA with a server (127.0.0.1/localhost) and a client certificate, per run. */
function generatePki(
  dir: string,
): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const run = (args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(
    join(dir, 'openssl.cnf'),
    '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = x\n',
  );
  writeFileSync(
    join(dir, 'ca.ext'),
    'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign\n',
  );
  writeFileSync(
    join(dir, 'server.ext'),
    'extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1, DNS:localhost\n',
  );
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage = clientAuth\n');
  const make = (name: string, cn: string, signer?: string) => {
    run([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      `${name}.key`,
    ]);
    run([
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
    const sign = signer
      ? ['-CA', `${signer}.pem`, '-CAkey', `${signer}.key`, '-set_serial', String(Date.now())]
      : ['-signkey', `${name}.key`];
    run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      ...sign,
      '-days',
      '1',
      '-extfile',
      `${name === 'ca' ? 'ca' : name}.ext`,
      '-out',
      `${name}.pem`,
    ]);
  };
  make('ca', 'Admin Test CA');
  make('server', 'localhost', 'ca');
  make('client', 'operator', 'ca');
  const path = (name: string) => join(dir, name);
  return {
    ca: path('ca.pem'),
    serverCert: path('server.pem'),
    serverKey: path('server.key'),
    clientCert: path('client.pem'),
    clientKey: path('client.key'),
  };
}

describe('the admin service and commands honour the server TLS (mutual TLS)', () => {
  let server: GlobalStoreProcess;
  let pki: ReturnType<typeof generatePki>;
  let clientConfig: string;

  before(async () => {
    const dir = tempDir('tc-admin-tls-');
    pki = generatePki(dir);
    const tls = {
      enabled: true,
      cert_file: pki.serverCert,
      key_file: pki.serverKey,
      client_ca_file: pki.ca,
    };
    const config = testConfig({ server: { grpc: { tls } } });
    server = await startGlobalStore(writeConfig(dir, config));
    clientConfig = writeConfig(
      dir,
      testConfig({
        server: { listen: { host: '127.0.0.1', port: server.grpcPort }, grpc: { tls } },
      }),
      'client.yaml',
    );
  });

  after(async () => {
    await server?.stop();
  });

  test('GlobalStoreAdmin over mTLS: a client with a certificate of the CA is served, others are not', async () => {
    const trusted = connectClients(
      server.address,
      grpc.credentials.createSsl(
        readFileSync(pki.ca),
        readFileSync(pki.clientKey),
        readFileSync(pki.clientCert),
      ),
    );
    try {
      const answer = await call(trusted.globalAdmin, 'GetClusterStatus', {});
      assert.equal(answer.status.serving_state, 'SERVING_STATE_SERVING');
    } finally {
      trusted.close();
    }
    const anonymous = connectClients(
      server.address,
      grpc.credentials.createSsl(readFileSync(pki.ca)),
    );
    try {
      await expectGrpcError(
        call(anonymous.globalAdmin, 'GetClusterStatus', {}, 5000),
        grpc.status.UNAVAILABLE,
      );
    } finally {
      anonymous.close();
    }
  });

  test('tensorcast reads TLS from --config (its CA) and the client certificate from flags', async () => {
    const ok = await runCli([
      'global',
      'status',
      `--config=${clientConfig}`,
      `--tls-cert=${pki.clientCert}`,
      `--tls-key=${pki.clientKey}`,
      '-o',
      'json',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { servingState: string }).servingState, 'SERVING');

    const flagsOnly = await runCli([
      'global',
      'workers',
      'list',
      `--endpoint=localhost:${server.grpcPort}`,
      `--tls-ca=${pki.ca}`,
      `--tls-cert=${pki.clientCert}`,
      `--tls-key=${pki.clientKey}`,
    ]);
    assert.equal(flagsOnly.code, 0, flagsOnly.stderr);
    assert.match(flagsOnly.stdout, /^WORKER ID/);

    const noCertificate = await runCli(['global', 'status', `--config=${clientConfig}`]);
    assert.equal(noCertificate.code, 1);
    assert.match(
      noCertificate.stderr,
      new RegExp(`cannot reach the Global Store at 127\\.0\\.0\\.1:${server.grpcPort} \\(TLS\\)`),
    );
    const plaintext = await runCli(['global', 'status', `--endpoint=127.0.0.1:${server.grpcPort}`]);
    assert.equal(plaintext.code, 1);
    assert.match(plaintext.stderr, /cannot reach the Global Store at 127\.0\.0\.1:\d+: /);
    const halfIdentity = await runCli([
      'global',
      'status',
      `--config=${clientConfig}`,
      `--tls-cert=${pki.clientCert}`,
    ]);
    assert.equal(halfIdentity.code, 2);
    assert.match(halfIdentity.stderr, /--tls-cert and --tls-key go together/);
  });
});
