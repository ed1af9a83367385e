import { Logger } from '@nestjs/common';
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { toGrpcStatus } from '../../grpc/src';
import type { wire } from '../../grpc/src';
import { FeedResult, FeedSession } from './registration-feed.service';

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
  let frameError: unknown;
  let closing = false;

  // Queued behind every frame received so far; reads frameError when it runs, so a frame
  // that fails after the client half-closed still decides the answer.
  const close = (answer: boolean): void => {
    if (closing) return;
    closing = true;
    queue = queue.then(async () => {
      let result: FeedResult | undefined;
      let finishError: unknown;
      try {
        result = await handlers.finish(session);
      } catch (error) {
        finishError = error;
      }
      if (!answer) return;
      const error = frameError ?? finishError;
      if (error !== undefined) callback(toGrpcStatus(error, logger));
      else if (result) callback(null, toResponse(result));
    });
  };

  call.on('data', (frame: wire.FeedRegistrationRequest__Output) => {
    if (frameError !== undefined) return;
    queue = queue.then(async () => {
      if (frameError !== undefined) return;
      try {
        await handlers.accept(session, frame);
      } catch (error) {
        frameError = error;
        close(true);
      }
    });
  });
  call.on('end', () => close(true));
  // Cancelled or broken by the client: nobody is listening for an answer.
  call.on('error', () => close(false));
}
