import { Controller } from '@nestjs/common';
import { GrpcStreamCall } from '@nestjs/microservices';
import { KeepaliveStreamCall } from './keepalive-stream';
import { KeepaliveStreams } from './keepalive-streams';
import { answerKeepalive } from './registration-wire';
import { RegistrationsService } from './registrations.service';

/**
 * tcgs.registrations.v1.RegistrationKeepalive, our own package: KeepaliveRegistration as a
 * bidirectional stream (docs/registrations.md, "KeepaliveStream"). Each message is answered
 * by the unary RPC's own handling (answerKeepalive → RegistrationsService.keepalive).
 */
@Controller()
export class RegistrationKeepaliveController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly streams: KeepaliveStreams,
  ) {}

  /** Raw duplex call: answers are written in order with backpressure (keepalive-stream.ts). */
  @GrpcStreamCall('RegistrationKeepalive', 'KeepaliveStream')
  keepaliveStream(call: KeepaliveStreamCall): void {
    this.streams.serve(call, (request) => answerKeepalive(this.registrations, request));
  }
}
