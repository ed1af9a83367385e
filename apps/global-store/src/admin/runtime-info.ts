import { Injectable } from '@nestjs/common';

/** Where the server actually listens, known only after binding (ports may be ephemeral). */
@Injectable()
export class RuntimeInfo {
  grpcHost = '';
  grpcPort = 0;
  metricsHost = '';
  metricsPort = 0;
}
