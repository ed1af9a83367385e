import { status } from '@grpc/grpc-js';
import type { ServerReadableStream, ServiceError } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { InvalidArgumentError } from '../../common/src';
import type { wire } from '../../grpc/src';
import { FeedHandlers, serveFeedStream } from './feed-stream';
import { FeedResult, FeedSession } from './registration-feed.service';

type Frame = wire.FeedRegistrationRequest__Output;
const frame = (n: number): Frame => ({ registration_id: `r${n}`, epoch: '1' });

/** Handlers that record what they saw; frame "r<bad>" is rejected, accepts take a few ticks. */
function fakeHandlers(bad = -1) {
  const accepted: string[] = [];
  let finished = 0;
  const handlers: FeedHandlers = {
    async accept(_session, f) {
      await tick();
      await tick();
      if (f.registration_id === `r${bad}`)
        throw new InvalidArgumentError('chunk', `frame ${bad} is bad`);
      accepted.push(f.registration_id);
    },
    async finish(): Promise<FeedResult> {
      finished += 1;
      return {
        acceptedBytes: accepted.length,
        acceptedSegments: 0,
        coveredBytes: 0,
        lease: undefined,
      };
    },
  };
  return { handlers, accepted, finished: () => finished };
}

function serve(handlers: FeedHandlers) {
  const call = new EventEmitter();
  const answers: {
    error: Partial<ServiceError> | null;
    response?: wire.FeedRegistrationResponse;
  }[] = [];
  let answered: () => void;
  const answeredOnce = new Promise<void>((r) => (answered = r));
  serveFeedStream(
    call as unknown as ServerReadableStream<Frame, wire.FeedRegistrationResponse>,
    (error, response) => {
      answers.push({
        error: error,
        response: response ?? undefined,
      });
      answered();
    },
    new FeedSession(),
    handlers,
    (result) => ({ accepted_bytes: String(result.acceptedBytes) }),
  );
  return { call, answers, answeredOnce };
}

test('every frame received before the half-close is handled before the answer', async () => {
  const fake = fakeHandlers();
  const { call, answers, answeredOnce } = serve(fake.handlers);
  for (let i = 0; i < 5; i++) call.emit('data', frame(i));
  call.emit('end');
  await answeredOnce;
  assert.deepEqual(fake.accepted, ['r0', 'r1', 'r2', 'r3', 'r4']);
  assert.equal(answers.length, 1);
  assert.equal(answers[0].error, null);
  assert.equal(answers[0].response?.accepted_bytes, '5');
  assert.equal(fake.finished(), 1);
});

test('a rejected frame answers with its status at once, without waiting for the end', async () => {
  const fake = fakeHandlers(2);
  const { call, answers, answeredOnce } = serve(fake.handlers);
  for (let i = 0; i < 5; i++) call.emit('data', frame(i));
  await answeredOnce;
  assert.equal(answers[0].error?.code, status.INVALID_ARGUMENT);
  assert.equal(answers[0].error?.details, 'chunk: frame 2 is bad');
  assert.deepEqual(fake.accepted, ['r0', 'r1'], 'frames after the bad one are ignored');
  assert.equal(fake.finished(), 1, 'frames accepted before it were made durable');
  call.emit('data', frame(9));
  call.emit('end');
  await tick();
  await tick();
  assert.equal(answers.length, 1, 'exactly one answer');
});

test('a frame that fails after the client half-closed still decides the answer', async () => {
  const fake = fakeHandlers(1);
  const { call, answers, answeredOnce } = serve(fake.handlers);
  call.emit('data', frame(0));
  call.emit('data', frame(1));
  call.emit('end');
  await answeredOnce;
  assert.equal(answers.length, 1);
  assert.equal(answers[0].error?.code, status.INVALID_ARGUMENT);
});

test('a cancelled call keeps what was fed and sends no answer', async () => {
  const fake = fakeHandlers();
  const { call, answers } = serve(fake.handlers);
  call.emit('data', frame(0));
  call.emit('error', new Error('CANCELLED'));
  for (let i = 0; i < 10; i++) await tick();
  assert.deepEqual(fake.accepted, ['r0']);
  assert.equal(fake.finished(), 1);
  assert.equal(answers.length, 0);
});

test('a failure to make frames durable is the answer when no frame failed', async () => {
  const handlers: FeedHandlers = {
    accept: async () => undefined,
    finish: async () => {
      throw new Error('disk on fire');
    },
  };
  const { call, answers, answeredOnce } = serve(handlers);
  call.emit('data', frame(0));
  call.emit('end');
  await answeredOnce;
  assert.equal(answers[0].error?.code, status.INTERNAL);
});
