import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import { KeepaliveAnswer, KeepaliveStreamCall, KeepaliveStreamSession } from './keepalive-stream';
import { RegistrationsMetrics } from './registrations.metrics';

/**
 * The open KeepaliveStream sessions, so a shutdown can end them: grpc-js's graceful shutdown
 * waits for every call to finish, and a keepalive stream never finishes on its own (the drain
 * would last until DRAIN_TIMEOUT_MS cuts it). Nest runs this destroy hook before it closes
 * the gRPC server.
 */
@Injectable()
export class KeepaliveStreams implements OnModuleDestroy {
  private readonly open = new Set<KeepaliveStreamSession>();

  constructor(private readonly metrics: RegistrationsMetrics) {}

  serve(call: KeepaliveStreamCall, answer: KeepaliveAnswer): void {
    const session = new KeepaliveStreamSession(
      call,
      answer,
      (code) => this.metrics.keepaliveStreamAnswers.inc({ code: GrpcCode[code] ?? String(code) }),
      (ended) => {
        this.open.delete(ended);
        this.metrics.keepaliveStreams.set(this.open.size);
      },
    );
    this.open.add(session);
    this.metrics.keepaliveStreams.set(this.open.size);
  }

  /** Answers what each stream has read, then ends it with UNAVAILABLE: reconnect. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      [...this.open].map((session) =>
        session.end({
          code: GrpcCode.UNAVAILABLE,
          details: 'the Global Store is shutting down; reconnect and resume the keepalives',
          metadata: new Metadata(),
        }),
      ),
    );
  }
}
