import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { LeaderGate, leaderGateInterceptor } from './leader-gate.interceptor';
import { LEADER_ADDRESS_TRAILER, NOT_LEADER_TRAILER } from './not-leader-trailers';
import { REGISTRATIONS_GRPC_PACKAGE, loadPackageDefinition } from './proto-files';

type Message = Record<string, unknown>;

/**
 * The leader gate on a real grpc-js server over loopback, with the KeepaliveStream method
 * answered by an echo: a stream opened while this instance leads ends with the standby's
 * refusal at its first message after the instance lost the lease.
 */
describe('leaderGateInterceptor on a request stream', () => {
  let refusal: string | undefined;
  const gate: LeaderGate = { refusal: () => refusal, leaderAddress: () => 'leader.example:50051' };
  const server = new grpc.Server({ interceptors: [leaderGateInterceptor(gate)] });
  const definition = loadPackageDefinition()[
    `${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive`
  ] as unknown as grpc.ServiceDefinition;
  let address = '';

  before(async () => {
    server.addService(definition, {
      KeepaliveStream: (call: grpc.ServerDuplexStream<Message, Message>) => {
        call.on('data', (request: Message) => {
          call.write({ request_id: request.request_id, code: 0 });
        });
        call.on('end', () => call.end());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    address = `127.0.0.1:${port}`;
  });
  after(() => server.forceShutdown());

  function open(): {
    stream: grpc.ClientDuplexStream<Message, Message>;
    answers: Message[];
    ended: Promise<grpc.StatusObject>;
    client: grpc.Client;
  } {
    const method = (
      definition as unknown as Record<string, grpc.MethodDefinition<Message, Message>>
    ).KeepaliveStream;
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    const stream = client.makeBidiStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
    );
    const answers: Message[] = [];
    stream.on('data', (m: Message) => answers.push(m));
    stream.on('error', () => undefined);
    const ended = new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    return { stream, answers, ended, client };
  }

  test('messages pass while the gate is open; after a refusal the stream ends UNAVAILABLE naming the leader', async () => {
    refusal = undefined;
    const { stream, answers, ended, client } = open();
    try {
      stream.write({ request_id: '1' });
      for (let i = 0; i < 100 && answers.length < 1; i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(answers.length, 1);
      refusal = 'Global Store instance gs-a lost its leader lease; the leader is gs-b';
      stream.write({ request_id: '2' });
      const status = await ended;
      assert.equal(grpc.status[status.code], 'UNAVAILABLE');
      assert.match(status.details, /lost its leader lease; the leader is gs-b/);
      assert.deepEqual(status.metadata.get(NOT_LEADER_TRAILER), ['1']);
      assert.deepEqual(status.metadata.get(LEADER_ADDRESS_TRAILER), ['leader.example:50051']);
      assert.equal(answers.length, 1, 'the refused message reached no handler');
    } finally {
      client.close();
    }
  });

  test('a stream opened on a standby is refused before any message', async () => {
    refusal = 'Global Store instance gs-b is a standby; the leader is gs-a';
    const { stream, answers, ended, client } = open();
    try {
      stream.write({ request_id: '1' });
      const status = await ended;
      assert.equal(grpc.status[status.code], 'UNAVAILABLE');
      assert.match(status.details, /is a standby/);
      assert.equal(answers.length, 0);
    } finally {
      client.close();
    }
  });
});
