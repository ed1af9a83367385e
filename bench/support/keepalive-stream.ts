import * as grpc from '@grpc/grpc-js';
import { REGISTRATIONS_GRPC_PACKAGE } from '../../libs/grpc/src';
import { Message, openClients } from './clients';

/** `connections` clients of tcgs.registrations.v1.RegistrationKeepalive, one connection each. */
export function keepaliveStreamClients(address: string, connections: number): grpc.Client[] {
  return openClients(address, `${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive`, connections);
}

/**
 * One KeepaliveStream used as a closed loop, exactly as KeepAliveStream (bench/support/etcd.ts)
 * drives etcd's LeaseKeepAlive: send() writes one KeepaliveRegistration request and resolves
 * with the answer to it (the server answers in order on its stream); an answer carrying an
 * error code rejects that send only, as the stream itself goes on.
 */
export class RegistrationKeepaliveStream {
  private readonly stream: grpc.ClientDuplexStream<object, Message>;
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private nextRequestId = 0;

  constructor(client: grpc.Client) {
    const open = (
      client as unknown as Record<string, () => grpc.ClientDuplexStream<object, Message>>
    ).KeepaliveStream;
    this.stream = open.call(client);
    this.stream.on('data', (response: Message) => {
      const next = this.waiting.shift();
      if (!next) return;
      if (response.code !== 0) next.reject(new Error(`code ${response.code}: ${response.message}`));
      else next.resolve();
    });
    this.stream.on('error', (error: Error) => {
      for (const w of this.waiting.splice(0)) w.reject(error);
    });
  }

  /** `request` is a KeepaliveRegistrationRequest (registration_id, owner_pid, ttl_ms). */
  send(request: object): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.nextRequestId += 1;
      this.stream.write({ request_id: this.nextRequestId, keepalive: request });
    });
  }

  close(): void {
    this.stream.end();
    this.stream.cancel();
  }
}
