import { Controller, Get, Res } from '@nestjs/common';
import { DependencyHealth } from './dependency-health';
import { ServingState } from './serving-state';
import { VERSION } from './version';

/** The slice of express' Response used here (keeps @types/express out of the build). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

@Controller()
export class HealthController {
  constructor(
    private readonly serving: ServingState,
    private readonly dependencies: DependencyHealth,
  ) {}

  @Get('health')
  health(@Res() response: JsonResponse): void {
    const body = {
      status: this.serving.status,
      version: VERSION,
      uptime_seconds: Math.round((Date.now() - this.serving.startedAt) / 1000),
      ...(this.dependencies.healthy ? {} : { unavailable: this.dependencies.problems() }),
    };
    const ok = this.serving.serving && this.dependencies.healthy;
    response.status(ok ? 200 : 503).json(body);
  }
}
