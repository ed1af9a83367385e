import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { toGrpcStatus } from './grpc-status';

/** The slice of express' Response used here (keeps @types/express out of the build). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/**
 * The one global filter. On gRPC calls, domain errors become their gRPC status (never
 * UNKNOWN). The HTTP side (/metrics, /health) only gets a JSON error body.
 */
@Catch()
export class GrpcStatusFilter implements ExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcStatusFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') {
      const status = toGrpcStatus(exception, this.logger);
      return throwError(() => status);
    }
    const code = exception instanceof HttpException ? exception.getStatus() : 500;
    if (code >= 500) this.logger.error(`HTTP request failed: ${String(exception)}`);
    host
      .switchToHttp()
      .getResponse<JsonResponse>()
      .status(code)
      .json({ error: exception instanceof Error ? exception.message : String(exception) });
  }
}
