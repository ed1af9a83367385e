import { Injectable } from '@nestjs/common';

/**
 * What the server depends on and cannot do without (the PostgreSQL database): each reports
 * its problem here, and /health answers 503 naming it until the problem clears.
 */
@Injectable()
export class DependencyHealth {
  private readonly current = new Map<string, string>();

  /** problem undefined = healthy again. */
  report(dependency: string, problem: string | undefined): void {
    if (problem === undefined) this.current.delete(dependency);
    else this.current.set(dependency, problem);
  }

  get healthy(): boolean {
    return this.current.size === 0;
  }

  problems(): Record<string, string> {
    return Object.fromEntries(this.current);
  }
}
