import { Logger } from '@nestjs/common';
import { status as GrpcCode } from '@grpc/grpc-js';
import type { ServerDuplexStream, StatusObject } from '@grpc/grpc-js';
import { DomainError, InvalidArgumentError } from '../../common/src';
import { toGrpcStatus } from '../../grpc/src';
import type { wire } from '../../grpc/src';

export type KeepaliveStreamCall = ServerDuplexStream<
  wire.KeepaliveStreamRequest__Output,
  wire.KeepaliveStreamResponse
>;

/** The unary KeepaliveRegistration's own handling of one request (one code path for both). */
export type KeepaliveAnswer = (
  request: wire.KeepaliveRegistrationRequest__Output,
) => Promise<wire.KeepaliveRegistrationResponse>;

/**
 * Requests of one stream being answered at once. Past it the stream stops reading, so a
 * client that sends faster than it is answered is held back by HTTP/2 flow control instead
 * of growing a queue here; grpc-js buffers at most its highWaterMark on either side.
 */
export const MAX_KEEPALIVES_IN_FLIGHT = 256;

/** What the handler's deserializer hands over for bytes that are not a request (proto-files). */
export interface UndecodableMessage {
  undecodable: string;
}

const logger = new Logger('KeepaliveStream');

/**
 * One KeepaliveStream (tcgs.registrations.v1.RegistrationKeepalive), served on the raw
 * grpc-js duplex call:
 * - every request is answered by exactly one response, in request order; requests are
 *   handled concurrently (a slow error answer, which reads the registration's row, does not
 *   hold the keepalives behind it) but written in order;
 * - a failed keepalive or a malformed request is answered with its status in the response
 *   (code, message, error_field) and the stream goes on;
 * - the client's half-close ends the stream with OK once every request read is answered;
 * - end() (server shutdown) stops reading, answers what was read, then ends the stream with
 *   the given status;
 * - at most MAX_KEEPALIVES_IN_FLIGHT requests are being answered, and nothing more is read
 *   while grpc-js holds unsent responses past its buffer (a client that stopped reading).
 */
export class KeepaliveStreamSession {
  private readonly answers: (wire.KeepaliveStreamResponse | undefined)[] = [];
  private firstUnwritten = 0;
  private inFlight = 0;
  private waitingForDrain = false;
  private halfClosed = false;
  private closing: StatusObject | undefined;
  private finished = false;
  private readonly settled: Promise<void>;
  private settle: () => void = () => undefined;

  constructor(
    private readonly call: KeepaliveStreamCall,
    private readonly answer: KeepaliveAnswer,
    private readonly onAnswered: (code: GrpcCode) => void,
    onFinished: (session: KeepaliveStreamSession) => void,
  ) {
    this.settled = new Promise<void>((resolve) => (this.settle = resolve));
    void this.settled.then(() => onFinished(this));
    call.on('data', (request: wire.KeepaliveStreamRequest__Output | UndecodableMessage) =>
      this.receive(request),
    );
    call.on('end', () => {
      this.halfClosed = true;
      this.finishIfDone();
    });
    // Cancelled or broken by the client: nobody reads the answers any more.
    call.on('error', () => this.abandon());
    call.on('cancelled', () => this.abandon());
  }

  /**
   * Stops reading, answers the requests already read, then ends the stream with `status`.
   * Settles when the stream has ended (or was abandoned by the client).
   */
  end(status: StatusObject): Promise<void> {
    if (!this.finished && this.closing === undefined) {
      this.closing = status;
      this.call.pause();
      this.finishIfDone();
    }
    return this.settled;
  }

  private receive(request: wire.KeepaliveStreamRequest__Output | UndecodableMessage): void {
    if (this.finished || this.closing !== undefined) return;
    const slot = this.answers.length;
    this.answers.push(undefined);
    this.inFlight += 1;
    if (this.inFlight >= MAX_KEEPALIVES_IN_FLIGHT) this.call.pause();
    const requestId = 'undecodable' in request ? '0' : request.request_id;
    const registrationId =
      'undecodable' in request ? '' : (request.keepalive?.registration_id ?? '');
    const failed = (error: unknown): void => {
      const status = toGrpcStatus(error, logger);
      this.answered(slot, {
        request_id: requestId,
        registration_id: registrationId,
        code: status.code,
        message: status.details,
        error_field: fieldOf(error),
        keepalive: null,
      });
    };
    let pending: Promise<wire.KeepaliveRegistrationResponse>;
    try {
      pending = this.answer(requireKeepalive(request));
    } catch (error) {
      failed(error);
      return;
    }
    pending.then(
      (keepalive) =>
        this.answered(slot, {
          request_id: requestId,
          registration_id: registrationId,
          code: GrpcCode.OK,
          message: '',
          error_field: '',
          keepalive,
        }),
      failed,
    );
  }

  private answered(slot: number, response: wire.KeepaliveStreamResponse): void {
    this.inFlight -= 1;
    this.onAnswered(response.code ?? GrpcCode.OK);
    if (this.finished) return;
    this.answers[slot] = response;
    this.writeInOrder();
    this.finishIfDone();
    this.resumeIfRoom();
  }

  private writeInOrder(): void {
    while (this.firstUnwritten < this.answers.length) {
      const next = this.answers[this.firstUnwritten];
      if (next === undefined) break;
      this.answers[this.firstUnwritten] = undefined;
      this.firstUnwritten += 1;
      const accepted = this.call.write(next);
      if (!accepted && !this.waitingForDrain) {
        // grpc-js holds more unsent answers than its buffer: read nothing more until it drains.
        this.waitingForDrain = true;
        this.call.pause();
        this.call.once('drain', () => {
          this.waitingForDrain = false;
          this.resumeIfRoom();
        });
      }
    }
    // Every slot written: start the array again rather than let it grow for the stream's life.
    if (this.firstUnwritten === this.answers.length) {
      this.answers.length = 0;
      this.firstUnwritten = 0;
    }
  }

  private resumeIfRoom(): void {
    if (this.finished || this.closing !== undefined || this.waitingForDrain) return;
    if (this.inFlight < MAX_KEEPALIVES_IN_FLIGHT && this.call.isPaused()) this.call.resume();
  }

  private finishIfDone(): void {
    if (this.finished || this.inFlight > 0) return;
    if (this.closing !== undefined) {
      this.finished = true;
      // grpc-js sends the responses already written, then this status.
      this.call.emit('error', this.closing);
      this.settle();
    } else if (this.halfClosed) {
      this.finished = true;
      this.call.end();
      this.settle();
    }
  }

  private abandon(): void {
    if (this.finished) return;
    this.finished = true;
    this.answers.length = 0;
    this.settle();
  }
}

function requireKeepalive(
  request: wire.KeepaliveStreamRequest__Output | UndecodableMessage,
): wire.KeepaliveRegistrationRequest__Output {
  if ('undecodable' in request) {
    throw new InvalidArgumentError(
      'KeepaliveStreamRequest',
      `not a valid tcgs.registrations.v1.KeepaliveStreamRequest (${request.undecodable})`,
    );
  }
  if (!request.keepalive) {
    throw new InvalidArgumentError(
      'keepalive',
      'is required (registration_id, owner_pid and optionally ttl_ms)',
    );
  }
  return request.keepalive;
}

/** The full path of the request field at fault: the unary request sits under `keepalive`. */
function fieldOf(error: unknown): string {
  if (!(error instanceof DomainError) || !error.field) return '';
  return error.field === 'keepalive' || error.field === 'KeepaliveStreamRequest'
    ? error.field
    : `keepalive.${error.field}`;
}
