/**
 * Time source for every rule that depends on time. Services take a Clock so lease and
 * timeout tests advance time instead of sleeping.
 *
 * `now()` is wall-clock milliseconds (persisted timestamps, heartbeat ages shown to
 * operators); `monotonic()` never goes backwards and is what lease expiry is judged by.
 */
export interface Clock {
  now(): number;
  monotonic(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock for tests: starts at `start`, moves only when told to. */
export class ManualClock implements Clock {
  private wall: number;
  private mono = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.wall = start;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}
