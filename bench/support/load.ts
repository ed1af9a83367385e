import { status } from '@grpc/grpc-js';
import { LatencyRecorder } from './stats';

export interface LoadResult {
  /** Successful calls in the measured window (after warm-up). */
  count: number;
  /** Failed calls in the measured window. */
  errors: number;
  /** Failures by kind (gRPC status name, or the message of a non-gRPC error), warm-up included. */
  errorKinds: Map<string, number>;
  /** One latency per successful measured call, in milliseconds, in completion order. */
  latenciesMs: Float64Array;
  /** From the end of warm-up to the last measured completion. */
  elapsedSeconds: number;
  warmupCalls: number;
  warmupErrors: number;
  /** Calls still outstanding when the drain timeout ran out; also counted in errors. */
  abandoned: number;
}

export interface TimedLoadOptions {
  /** Calls kept outstanding at all times (a closed loop: each slot starts a call when its last one ends). */
  concurrency: number;
  seconds: number;
  /** Calls started before this are not measured: connection setup, JIT and caches settle first. */
  warmupSeconds?: number;
  /** How long outstanding calls may run past the end before they count as errors. */
  drainTimeoutMs?: number;
  /** Called once when the measured window opens, e.g. to sample CPU counters. */
  onMeasureStart?: () => void;
  /**
   * false sets Error.stackTraceLimit to 0 while the load runs: grpc-js creates an Error per
   * call to report the caller's stack on failure, and capturing it costs the load generator
   * about a tenth of its CPU. Failures are still counted by kind. Default true.
   */
  captureStackTraces?: boolean;
  /** i counts up from 0 across all slots, so i modulo N round-robins over N targets. */
  call: (i: number) => Promise<void>;
}

export interface CountedLoadOptions {
  total: number;
  concurrency: number;
  drainTimeoutMs?: number;
  call: (i: number) => Promise<void>;
}

/** Runs call() at full speed with bounded concurrency for a fixed time. */
export async function runLoad(options: TimedLoadOptions): Promise<LoadResult> {
  const start = process.hrtime.bigint();
  const measureFrom = start + seconds(options.warmupSeconds ?? 0);
  const stopAt = measureFrom + seconds(options.seconds);
  const stackTraceLimit = Error.stackTraceLimit;
  if (options.captureStackTraces === false) Error.stackTraceLimit = 0;
  try {
    return await drive({
      concurrency: options.concurrency,
      drainTimeoutMs: options.drainTimeoutMs,
      measureFrom,
      onMeasureStart: options.onMeasureStart,
      next: (i, now) => now < stopAt,
      call: options.call,
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Runs call() exactly `total` times with bounded concurrency, all measured (no warm-up). */
export function runCount(options: CountedLoadOptions): Promise<LoadResult> {
  return drive({
    concurrency: Math.min(options.concurrency, options.total),
    drainTimeoutMs: options.drainTimeoutMs,
    measureFrom: process.hrtime.bigint(),
    next: (i) => i < options.total,
    call: options.call,
  });
}

interface DriveOptions {
  concurrency: number;
  drainTimeoutMs: number | undefined;
  measureFrom: bigint;
  onMeasureStart?: () => void;
  next: (i: number, now: bigint) => boolean;
  call: (i: number) => Promise<void>;
}

async function drive(options: DriveOptions): Promise<LoadResult> {
  const recorder = new LatencyRecorder();
  const errorKinds = new Map<string, number>();
  const { measureFrom } = options;
  let issued = 0;
  let outstanding = 0;
  let errors = 0;
  let warmupCalls = 0;
  let warmupErrors = 0;
  let lastEnd = measureFrom;
  let measuring = false;
  let stopped = false;

  const slot = async (): Promise<void> => {
    for (;;) {
      const t0 = process.hrtime.bigint();
      if (stopped || !options.next(issued, t0)) return;
      const measured = t0 >= measureFrom;
      if (measured && !measuring) {
        measuring = true;
        options.onMeasureStart?.();
      }
      const i = issued++;
      outstanding += 1;
      let failure: unknown;
      try {
        await options.call(i);
      } catch (error) {
        failure = error;
      }
      outstanding -= 1;
      if (stopped) return;
      const t1 = process.hrtime.bigint();
      if (failure !== undefined) {
        const kind = errorKind(failure);
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
      if (!measured) {
        warmupCalls += 1;
        if (failure !== undefined) warmupErrors += 1;
        continue;
      }
      if (t1 > lastEnd) lastEnd = t1;
      if (failure !== undefined) errors += 1;
      else recorder.add(Number(t1 - t0) / 1e6);
    }
  };

  const slots = Promise.all(Array.from({ length: options.concurrency }, slot));
  // A hung call must not hang the benchmark: after the drain timeout it is given up on.
  let abandoned = 0;
  let timer: NodeJS.Timeout | undefined;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const stalled = new Promise<void>((resolve) => {
    const check = () => {
      if (options.next(issued, process.hrtime.bigint())) {
        timer = setTimeout(check, 100);
        return;
      }
      timer = setTimeout(() => {
        stopped = true;
        abandoned = outstanding;
        resolve();
      }, drainTimeoutMs);
    };
    check();
  });
  try {
    await Promise.race([slots, stalled]);
  } finally {
    clearTimeout(timer);
  }
  if (abandoned > 0) {
    errors += abandoned;
    errorKinds.set('abandoned (no answer)', abandoned);
  }
  return {
    count: recorder.count,
    errors,
    errorKinds,
    latenciesMs: recorder.values(),
    elapsedSeconds: Number(lastEnd - measureFrom) / 1e9,
    warmupCalls,
    warmupErrors,
    abandoned,
  };
}

function seconds(s: number): bigint {
  return BigInt(Math.round(s * 1e9));
}

function errorKind(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, details } = error as { code?: unknown; details?: unknown };
    if (typeof code === 'number' && typeof details === 'string')
      return `gRPC ${status[code] ?? code}: ${details.slice(0, 120)}`;
    if (error instanceof Error) return error.message;
  }
  return String(error);
}
