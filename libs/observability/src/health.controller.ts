import { Controller, Get, Res } from '@nestjs/common';
import { ServingState } from './serving-state';
import { VERSION } from './version';

/** The slice of express' Response used here (keeps @types/express out of the build). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

@Controller()
export class HealthController {
  constructor(private readonly serving: ServingState) {}

  @Get('health')
  health(@Res() response: JsonResponse): void {
    const body = {
      status: this.serving.status,
      version: VERSION,
      uptime_seconds: Math.round((Date.now() - this.serving.startedAt) / 1000),
    };
    response.status(this.serving.serving ? 200 : 503).json(body);
  }
}
