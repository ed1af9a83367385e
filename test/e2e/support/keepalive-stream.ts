import * as grpc from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import { REGISTRATIONS_GRPC_PACKAGE, loadPackageDefinition } from '../../../libs/grpc/src';
import { Message } from './grpc-clients';

export const KEEPALIVE_STREAM_PATH = `/${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive/KeepaliveStream`;

export function keepaliveMethod(): grpc.MethodDefinition<Message, Message> {
  const service = loadPackageDefinition()[
    `${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive`
  ] as unknown as Record<string, grpc.MethodDefinition<Message, Message>>;
  return service.KeepaliveStream;
}

/**
 * A KeepaliveStream client that can also send raw bytes (a Buffer is written as is, anything
 * else is encoded as a KeepaliveStreamRequest), reading answers in arrival order.
 */
export class KeepaliveStreamClient {
  readonly answers: Message[] = [];
  readonly ended: Promise<grpc.StatusObject>;
  private readonly stream: grpc.ClientDuplexStream<Message | Buffer, Message>;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(address: string) {
    const method = keepaliveMethod();
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    this.stream = client.makeBidiStreamRequest<Message | Buffer, Message>(
      KEEPALIVE_STREAM_PATH,
      (m) => (Buffer.isBuffer(m) ? m : method.requestSerialize(m)),
      method.responseDeserialize,
    );
    this.ended = new Promise((resolve) => {
      this.stream.on('status', (s: grpc.StatusObject) => {
        client.close();
        resolve(s);
      });
    });
    // An 'error' also arrives for every non-OK status; the status event reports it.
    this.stream.on('error', () => undefined);
    this.stream.on('data', (answer: Message) => {
      this.answers.push(answer);
      this.waiters = this.waiters.filter((w) => {
        if (this.answers.length < w.count) return true;
        w.resolve();
        return false;
      });
    });
  }

  write(request: Message | Buffer): void {
    this.stream.write(request);
  }

  /** Sends one request and returns its answer (the next one, since answers keep order). */
  async send(request: Message | Buffer): Promise<Message> {
    const at = this.answers.length;
    this.write(request);
    await this.until(at + 1);
    return this.answers[at];
  }

  async until(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.answers.length >= count) return;
    await Promise.race([
      new Promise<void>((resolve) => this.waiters.push({ count, resolve })),
      sleep(timeoutMs).then(() => {
        throw new Error(`only ${this.answers.length} of ${count} answers in ${timeoutMs} ms`);
      }),
    ]);
  }

  halfClose(): void {
    this.stream.end();
  }

  cancel(): void {
    this.stream.cancel();
  }
}
