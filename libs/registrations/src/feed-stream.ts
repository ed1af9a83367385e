import { Logger } from '@nestjs/common';
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { toGrpcStatus } from '../../grpc/src';
import type { wire } from '../../grpc/src';
import { FeedResult, FeedSession } from './registrations.service';

export interface FeedHandlers {
  accept(session: FeedSession, frame: wire.FeedRegistrationRequest__Output): Promise<void>;
  finish(session: FeedSession): Promise<FeedResult>;
}

const logger = new Logger('FeedRegistration');

/**
 * Serves one FeedRegistration client stream on the raw grpc-js call. Nest's Observable
 * wrapper for client streams has lost handler errors in the past (the client then hangs or
 * sees an empty OK); here every outcome ends in exactly one callback:
 * - frames are handled one at a time, in arrival order;
 * - the first rejected frame fails the call with its gRPC status as soon as the frames
 *   accepted before it are durable (they stay accepted), and later frames are ignored;
 * - the end of the stream makes the accepted frames durable, then answers;
 * - a client that cancels gets no answer, but what it had fed is kept.
 */
export function serveFeedStream(
  call: ServerReadableStream<wire.FeedRegistrationRequest__Output, wire.FeedRegistrationResponse>,
  callback: sendUnaryData<wire.FeedRegistrationResponse>,
  session: FeedSession,
  handlers: FeedHandlers,
  toResponse: (result: FeedResult) => wire.FeedRegistrationResponse,
): void {
  let queue: Promise<void> = Promise.resolve();
  let settled = false;

  const settle = (frameError: unknown, answer: boolean): void => {
    if (settled) return;
    settled = true;
    queue = queue.then(async () => {
      let result: FeedResult | undefined;
      let error = frameError;
      try {
        result = await handlers.finish(session);
      } catch (finishError) {
        error ??= finishError;
      }
      if (!answer) return;
      if (error !== undefined) callback(toGrpcStatus(error, logger));
      else if (result) callback(null, toResponse(result));
    });
  };

  call.on('data', (frame: wire.FeedRegistrationRequest__Output) => {
    if (settled) return;
    queue = queue.then(async () => {
      if (settled) return;
      try {
        await handlers.accept(session, frame);
      } catch (error) {
        settle(error, true);
      }
    });
  });
  call.on('end', () => settle(undefined, true));
  // Cancelled or broken by the client: nobody is listening for an answer.
  call.on('error', () => settle(undefined, false));
}
