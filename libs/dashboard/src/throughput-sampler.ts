import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { CLOCK, Clock } from '../../common/src';

/** Monotonic totals the chart turns into rates. */
export interface ThroughputTotals {
  heartbeats: number;
  writes: number;
}

export const THROUGHPUT_COUNTERS = Symbol('THROUGHPUT_COUNTERS');

export interface ThroughputCounters {
  read(): Promise<ThroughputTotals>;
}

export interface ThroughputSeries {
  /** Seconds since the epoch, one per sample (uPlot's x axis). */
  t: number[];
  heartbeatsPerSecond: number[];
  writesPerSecond: number[];
  intervalSeconds: number;
}

export const SAMPLE_INTERVAL_MS = 2_000;
/** Five minutes at one sample every two seconds. */
export const SAMPLE_CAPACITY = 150;

/**
 * Samples the server's own counters into a fixed ring buffer, so the overview's chart shows
 * the last minutes without a time-series database and memory stays constant however long
 * the server runs. Rates are differences between consecutive samples.
 */
@Injectable()
export class ThroughputSampler implements OnModuleDestroy {
  private readonly times = new Float64Array(SAMPLE_CAPACITY);
  private readonly heartbeats = new Float64Array(SAMPLE_CAPACITY);
  private readonly writes = new Float64Array(SAMPLE_CAPACITY);
  private size = 0;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(THROUGHPUT_COUNTERS) private readonly counters: ThroughputCounters,
  ) {}

  start(intervalMs = SAMPLE_INTERVAL_MS): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), intervalMs);
    // The dashboard must never keep a stopping process alive.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes one sample now; a slow read is never overlapped by the next tick. */
  async sample(): Promise<void> {
    if (this.sampling) return this.sampling;
    this.sampling = (async () => {
      try {
        const totals = await this.counters.read();
        this.push(this.clock.now(), totals);
      } catch {
        // A counter that cannot be read leaves a gap in the chart, nothing worse.
      } finally {
        this.sampling = undefined;
      }
    })();
    return this.sampling;
  }

  push(nowMs: number, totals: ThroughputTotals): void {
    this.times[this.next] = nowMs;
    this.heartbeats[this.next] = totals.heartbeats;
    this.writes[this.next] = totals.writes;
    this.next = (this.next + 1) % SAMPLE_CAPACITY;
    this.size = Math.min(this.size + 1, SAMPLE_CAPACITY);
  }

  /** Rates between consecutive samples, oldest first. */
  series(): ThroughputSeries {
    const out: ThroughputSeries = {
      t: [],
      heartbeatsPerSecond: [],
      writesPerSecond: [],
      intervalSeconds: SAMPLE_INTERVAL_MS / 1000,
    };
    const first = (this.next - this.size + SAMPLE_CAPACITY) % SAMPLE_CAPACITY;
    for (let i = 1; i < this.size; i++) {
      const cur = (first + i) % SAMPLE_CAPACITY;
      const prev = (first + i - 1) % SAMPLE_CAPACITY;
      const seconds = (this.times[cur] - this.times[prev]) / 1000;
      if (seconds <= 0) continue;
      out.t.push(Math.round(this.times[cur] / 1000));
      // A counter that went backwards (a reset) reads as zero, never as a negative rate.
      out.heartbeatsPerSecond.push(
        round(Math.max(0, this.heartbeats[cur] - this.heartbeats[prev]) / seconds),
      );
      out.writesPerSecond.push(round(Math.max(0, this.writes[cur] - this.writes[prev]) / seconds));
    }
    return out;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
