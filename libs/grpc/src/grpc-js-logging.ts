import { LoggerService } from '@nestjs/common';
import { setLogger } from '@grpc/grpc-js';
import { format } from 'node:util';

/**
 * grpc-js writes its own lines to stderr ("E No address added out of total 1 resolved")
 * in its own format, ahead of the error the Global Store reports with the config key. Its
 * lines go through the process logger instead (context "grpc-js"); a failed bind is
 * reported by startup itself, so grpc-js' copy of it is DEBUG.
 */
export function routeGrpcJsLogs(logger: LoggerService): void {
  const context = 'grpc-js';
  setLogger({
    error: (message: unknown, ...rest: unknown[]) => {
      const text = format(message, ...rest);
      if (/^No address added/.test(text)) logger.debug?.(text, context);
      else logger.warn(text, context);
    },
    info: (message: unknown, ...rest: unknown[]) => {
      logger.log(format(message, ...rest), context);
    },
    debug: (message: unknown, ...rest: unknown[]) => {
      logger.debug?.(format(message, ...rest), context);
    },
  });
}
