import { Metadata, ServerUnaryCall, status as GrpcCode } from '@grpc/grpc-js';
import { CanActivate, Controller, Logger, UseGuards } from '@nestjs/common';
import { GrpcMethod, GrpcStreamMethod, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { strict as assert } from 'node:assert';
import { of, throwError } from 'rxjs';
import { after, before, describe, test } from 'node:test';
import { InvalidArgumentError } from '../../common/src';
import { DirectUnaryHandler, directUnaryHandlers, directUnaryMethod } from './direct-unary';
import { toGrpcStatus } from './grpc-status';

class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller()
class PlainController {
  @GrpcMethod('TestService', 'Echo')
  echo(request: { text: string }): { text: string } {
    if (request.text === '') throw new InvalidArgumentError('text', 'must not be empty');
    return { text: request.text };
  }

  @GrpcMethod('TestService', 'Later')
  async later(request: { text: string }): Promise<{ text: string }> {
    await Promise.resolve();
    if (request.text === '') throw new InvalidArgumentError('text', 'must not be empty');
    return { text: `${request.text}!` };
  }

  @GrpcMethod('TestService', 'Decorated')
  decorated(@Payload() request: { text: string }): { text: string } {
    return request;
  }

  @GrpcStreamMethod('TestService', 'Stream')
  stream(): void {}
}

@Controller()
@UseGuards(DenyAll)
class GuardedController {
  @GrpcMethod('GuardedService', 'Echo')
  echo(request: { text: string }): { text: string } {
    return request;
  }
}

function call(request: unknown): ServerUnaryCall<unknown, unknown> {
  return { request, metadata: new Metadata() } as unknown as ServerUnaryCall<unknown, unknown>;
}

function invoke(
  method: ReturnType<typeof directUnaryMethod>,
  request: unknown,
): Promise<{ error: unknown; value: unknown }> {
  return new Promise((resolve) =>
    method(call(request), (error, value) => resolve({ error, value })),
  );
}

describe('direct unary dispatch (Nest pipeline bypass for plain unary handlers)', () => {
  let handlers: Map<string, DirectUnaryHandler>;
  let close: () => Promise<void>;

  before(async () => {
    Logger.overrideLogger(['error']);
    const moduleRef = await Test.createTestingModule({
      controllers: [PlainController, GuardedController],
    }).compile();
    handlers = directUnaryHandlers(moduleRef);
    close = () => moduleRef.close();
  });
  after(async () => {
    await close();
  });

  test('plain unary handlers are taken; streaming, decorated and guarded ones are left to Nest', () => {
    assert.deepEqual([...handlers.keys()].sort(), ['TestService/Echo', 'TestService/Later']);
  });

  test('a handler answers with its value, sync or async, bound to its controller', async () => {
    assert.deepEqual(
      await invoke(directUnaryMethod(handlers.get('TestService/Echo')!), { text: 'a' }),
      {
        error: null,
        value: { text: 'a' },
      },
    );
    assert.deepEqual(
      await invoke(directUnaryMethod(handlers.get('TestService/Later')!), { text: 'b' }),
      { error: null, value: { text: 'b!' } },
    );
  });

  test('a thrown or rejected domain error becomes the status the global filter gives', async () => {
    const expected = toGrpcStatus(new InvalidArgumentError('text', 'must not be empty'));
    for (const name of ['TestService/Echo', 'TestService/Later']) {
      const { error } = await invoke(directUnaryMethod(handlers.get(name)!), { text: '' });
      const status = error as { code: number; details: string; metadata: Metadata };
      assert.equal(status.code, GrpcCode.INVALID_ARGUMENT, name);
      assert.equal(status.details, expected.details);
      assert.deepEqual(status.metadata.getMap(), expected.metadata.getMap());
    }
  });

  test('an Observable answers with its first value; its error is mapped like a throw', async () => {
    const ok = await invoke(
      directUnaryMethod(() => of({ text: 'first' }, { text: 'last' })),
      {},
    );
    assert.deepEqual(ok, { error: null, value: { text: 'first' } });
    const failed = await invoke(
      directUnaryMethod(() => throwError(() => new InvalidArgumentError('text', 'bad'))),
      {},
    );
    assert.equal((failed.error as { code: number }).code, GrpcCode.INVALID_ARGUMENT);
  });

  test('an unexpected error is INTERNAL, never UNKNOWN', async () => {
    const method = directUnaryMethod(() => {
      throw new TypeError('boom');
    });
    const { error } = await invoke(method, {});
    assert.equal((error as { code: number }).code, GrpcCode.INTERNAL);
    assert.match((error as { details: string }).details, /^internal error: boom/);
  });
});
