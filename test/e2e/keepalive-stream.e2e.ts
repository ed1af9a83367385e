/**
 * tcgs.registrations.v1.RegistrationKeepalive/KeepaliveStream over real gRPC on loopback: the
 * same lease rules as the unary KeepaliveRegistration, errors answered per message while the
 * stream goes on, many requests in flight on one stream, and the stream's end on shutdown.
 */
import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as http2 from 'node:http2';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  workerRequest,
} from './support/grpc-clients';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { serverPerSuite, testDrivers } from './support/databases';
import {
  KEEPALIVE_STREAM_PATH,
  KeepaliveStreamClient,
  keepaliveMethod,
} from './support/keepalive-stream';

const INDEX = Buffer.from('{"tensors":["layer0.weight"],"keepalive-stream":true}');

async function metricsText(server: GlobalStoreProcess): Promise<string> {
  return (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
}

function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

const expiresInMs = (lease: Message): number =>
  Number(lease.expires_at.seconds) * 1000 + Number(lease.expires_at.nanos) / 1e6 - Date.now();

async function beginOne(clients: GlobalStoreClients, ttlMs = 0): Promise<string> {
  const req = workerRequest();
  const worker = await call(clients.runtime, 'RegisterWorker', req);
  const begun = await call(clients.registration, 'BeginRegistration', {
    worker_id: worker.worker_id,
    daemon_id: req.daemon_id,
    owner_pid: 777,
    device_id: 1,
    total_size: '96',
    tensor_index_data: INDEX,
    encoding: 'json',
    coalesced: {},
    ttl_ms: ttlMs,
  });
  return begun.registration_id as string;
}

for (const driver of testDrivers()) {
  describe(`KeepaliveStream over real gRPC (${driver})`, () => {
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    serverPerSuite(
      driver,
      'keepalive_stream',
      { registrations: { default_ttl: '20s', max_ttl: '30s', max_pending_per_daemon: 3 } },
      (suite) => ({ server, clients } = suite),
    );

    test('a keepalive on the stream extends the lease exactly as the unary call does, and is counted as one', async () => {
      const id = await beginOne(clients, 1_000);
      const before = await metricsText(server);
      const stream = new KeepaliveStreamClient(server.address);
      const kept = await stream.send({
        request_id: '7',
        keepalive: { registration_id: id, owner_pid: 777, ttl_ms: 60_000 },
      });
      assert.equal(kept.code, status.OK);
      assert.equal(kept.request_id, '7');
      assert.equal(kept.registration_id, id);
      assert.equal(kept.message, '');
      assert.equal(kept.error_field, '');
      const streamed = expiresInMs(kept.keepalive.lease);
      assert.ok(streamed > 25_000 && streamed <= 31_000, `capped at max_ttl (${streamed} ms)`);

      const unary = await call(clients.registration, 'KeepaliveRegistration', {
        registration_id: id,
        owner_pid: 777,
        ttl_ms: 60_000,
      });
      assert.equal(unary.lease.lease_id, kept.keepalive.lease.lease_id);
      assert.equal(unary.lease.epoch, kept.keepalive.lease.epoch);
      assert.ok(Math.abs(expiresInMs(unary.lease) - streamed) < 2_000, 'same deadline');

      // Without ttl_ms the granted TTL (1 s) applies: kept alive past it only by the stream.
      const granted = await stream.send({
        request_id: '8',
        keepalive: { registration_id: id, owner_pid: 777 },
      });
      assert.ok(expiresInMs(granted.keepalive.lease) <= 1_050, 'the granted ttl, as unary');
      for (let i = 0; i < 8; i++) {
        await sleep(250);
        const again = await stream.send({
          request_id: String(10 + i),
          keepalive: { registration_id: id, owner_pid: 777 },
        });
        assert.equal(again.code, status.OK, `keepalive ${i} after ${(i + 1) * 250} ms`);
      }
      const listed = await call(clients.registration, 'ListRegistrations', {});
      assert.ok(
        listed.registrations.some((r: Message) => r.registration_id === id),
        'still open 2 s after a 1 s lease began',
      );
      stream.halfClose();
      const ended = await stream.ended;
      assert.equal(ended.code, status.OK, 'a half-close ends the stream with OK');

      const text = await metricsText(server);
      const moved = (name: string, labels = '') =>
        metricValue(text, name, labels) - metricValue(before, name, labels);
      assert.equal(moved('tc_register_keepalive_total'), 11, '10 stream + 1 unary keepalives');
      assert.equal(moved('tc_register_keepalive_stream_answers_total', '{code="OK"}'), 10);
      assert.equal(
        moved(
          'tc_grpc_server_handled_total',
          '{method="RegistrationKeepalive/KeepaliveStream",code="OK"}',
        ),
        1,
        'the stream is one call',
      );
    });

    test('unknown, expired, wrong owner and malformed requests are answered with their status; the stream goes on', async () => {
      const id = await beginOne(clients);
      const short = await beginOne(clients, 200);
      await sleep(300);
      const stream = new KeepaliveStreamClient(server.address);
      const ok = { keepalive: { registration_id: id, owner_pid: 777 } };
      const cases: { request: Message | Buffer; code: status; message: RegExp; field: string }[] = [
        {
          request: { request_id: '1', keepalive: { registration_id: 'reg_nope', owner_pid: 777 } },
          code: status.NOT_FOUND,
          message: /^registration_id: no registration "reg_nope"/,
          field: 'keepalive.registration_id',
        },
        {
          request: { request_id: '2', keepalive: { registration_id: short, owner_pid: 777 } },
          code: status.DEADLINE_EXCEEDED,
          message: /expired/,
          field: '',
        },
        {
          request: { request_id: '3', keepalive: { registration_id: id, owner_pid: 778 } },
          code: status.PERMISSION_DENIED,
          message: /^owner_pid: registration .* held by pid 777, not 778/,
          field: 'keepalive.owner_pid',
        },
        {
          request: { request_id: '4' },
          code: status.INVALID_ARGUMENT,
          message: /^keepalive: is required/,
          field: 'keepalive',
        },
        {
          request: { request_id: '5', keepalive: { registration_id: ' ', owner_pid: 777 } },
          code: status.INVALID_ARGUMENT,
          message: /^registration_id:/,
          field: 'keepalive.registration_id',
        },
        {
          // Field 2 (keepalive) as a varint: not a KeepaliveStreamRequest.
          request: Buffer.from([0x10, 0x01, 0xff]),
          code: status.INVALID_ARGUMENT,
          message:
            /^KeepaliveStreamRequest: not a valid tcgs\.registrations\.v1\.KeepaliveStreamRequest/,
          field: 'KeepaliveStreamRequest',
        },
      ];
      for (const c of cases) {
        const answer = await stream.send(c.request);
        assert.equal(status[answer.code], status[c.code], `${answer.message}`);
        assert.match(answer.message, c.message);
        assert.equal(answer.error_field, c.field);
        assert.equal(answer.keepalive, null);
        const next = await stream.send({ ...ok, request_id: '100' });
        assert.equal(next.code, status.OK, `the stream goes on after ${status[c.code]}`);
        assert.equal(next.request_id, '100');
      }
      // The unary call fails with the same status and message.
      const unary = await call(clients.registration, 'KeepaliveRegistration', {
        registration_id: 'reg_nope',
        owner_pid: 777,
      }).catch((error: grpc.ServiceError) => error);
      assert.equal((unary as grpc.ServiceError).code, status.NOT_FOUND);
      assert.equal((unary as grpc.ServiceError).details, stream.answers[0].message);
      stream.halfClose();
      assert.equal((await stream.ended).code, status.OK);
    });

    test('many requests in flight on one stream: every one answered, in order', async () => {
      const ids = [await beginOne(clients), await beginOne(clients)];
      const stream = new KeepaliveStreamClient(server.address);
      const total = 5_000;
      for (let i = 0; i < total; i++) {
        stream.write({
          request_id: String(i),
          keepalive:
            i % 1000 === 999
              ? { registration_id: 'reg_unknown', owner_pid: 777 }
              : { registration_id: ids[i % 2], owner_pid: 777 },
        });
      }
      stream.halfClose();
      await stream.until(total, 60_000);
      assert.equal((await stream.ended).code, status.OK);
      assert.deepEqual(
        stream.answers.map((a) => a.request_id),
        Array.from({ length: total }, (_, i) => String(i)),
      );
      for (const [i, a] of stream.answers.entries()) {
        assert.equal(a.code, i % 1000 === 999 ? status.NOT_FOUND : status.OK, `answer ${i}`);
      }
    });

    test('a client that stops reading is held back by flow control, and cancelling it is clean', async () => {
      const id = await beginOne(clients);
      const answersOf = (text: string) =>
        metricValue(text, 'tc_register_keepalive_stream_answers_total', '{code="OK"}');
      const before = answersOf(await metricsText(server));
      // A raw HTTP/2 client that never reads: its stream window (64 KiB) fills, and the server
      // must stop reading requests instead of queueing answers for it.
      const session = http2.connect(`http://${server.address}`);
      const stream = session.request({
        ':method': 'POST',
        ':path': KEEPALIVE_STREAM_PATH,
        'content-type': 'application/grpc',
        te: 'trailers',
      });
      stream.pause();
      const method = keepaliveMethod();
      const total = 50_000;
      for (let i = 0; i < total; i++) {
        const message = method.requestSerialize({
          request_id: String(i),
          keepalive: { registration_id: id, owner_pid: 777 },
        });
        const frame = Buffer.alloc(5 + message.length);
        frame.writeUInt32BE(message.length, 1);
        message.copy(frame, 5);
        stream.write(frame);
      }
      let answered = 0;
      for (let i = 0; i < 20; i++) {
        await sleep(250);
        const now = answersOf(await metricsText(server)) - before;
        if (i > 4 && now === answered) break;
        answered = now;
      }
      assert.ok(answered > 0, 'the stream was answered until the window filled');
      assert.ok(
        answered < 5_000,
        `the server stopped answering a client that reads nothing (${answered})`,
      );
      stream.close(http2.constants.NGHTTP2_CANCEL);
      session.close();
      // The server is fine: the unary call and a new stream answer, and no stream is left open.
      await call(clients.registration, 'KeepaliveRegistration', {
        registration_id: id,
        owner_pid: 777,
      });
      const next = new KeepaliveStreamClient(server.address);
      const kept = await next.send({ keepalive: { registration_id: id, owner_pid: 777 } });
      assert.equal(kept.code, status.OK);
      next.halfClose();
      await next.ended;
      for (let i = 0; i < 20; i++) {
        if (metricValue(await metricsText(server), 'tc_register_keepalive_streams') === 0) break;
        await sleep(100);
      }
      assert.equal(
        metricValue(await metricsText(server), 'tc_register_keepalive_streams'),
        0,
        (await metricsText(server))
          .split('\n')
          .filter((l) => l.includes('keepalive_stream'))
          .join('\n'),
      );
    });
  });
}

describe('KeepaliveStream and shutdown', () => {
  test('SIGTERM ends an open stream with UNAVAILABLE after answering what it read; the server exits 0 without waiting for the drain timeout', async () => {
    const server = await startGlobalStore(writeConfig(tempDir(), testConfig()));
    let clients: GlobalStoreClients | undefined;
    try {
      clients = connectClients(server.address);
      const id = await beginOne(clients);
      const stream = new KeepaliveStreamClient(server.address);
      const kept = await stream.send({ keepalive: { registration_id: id, owner_pid: 777 } });
      assert.equal(kept.code, status.OK);
      const started = Date.now();
      const exit = server.stop();
      const ended = await stream.ended;
      assert.equal(status[ended.code], 'UNAVAILABLE');
      assert.match(ended.details, /shutting down/);
      assert.equal(await exit, 0);
      assert.ok(Date.now() - started < 8_000, `exited in ${Date.now() - started} ms`);
    } finally {
      clients?.close();
      await server.kill();
    }
  });
});
