import { Logger } from '@nestjs/common';
import { EventLoopUtilization, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { counter, defaultRegistry } from './metric-factory';

/** server.memory, in the effective config's units. */
export interface IdleCollectionSettings {
  /** Milliseconds the server must have been quiet; null = never collect. */
  readonly idle_collection_delay: number | null;
  /** Bytes the V8 heap plus external memory must have grown since its low point. */
  readonly idle_collection_min_growth: number;
}

/** Bytes, as process.memoryUsage() reports them. */
export interface MemoryFootprint {
  /** V8 heap committed (what of RSS the heap holds). */
  readonly heapTotal: number;
  readonly heapUsed: number;
  /** Memory outside the heap owned by JS objects: Buffers, ArrayBuffers. */
  readonly external: number;
  readonly rss: number;
}

/** What the governor reads and does; the process's own unless a test replaces it. */
export interface MemoryProbe {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Share of the time since the previous call the event loop was busy, 0..1. */
  busySincePreviousCall(): number;
  footprint(): MemoryFootprint;
  /** A full garbage collection, synchronously. */
  collect(): void;
}

/**
 * The event loop is "quiet" while it is busy less than this share of the time. Not zero:
 * daemons heartbeat every few seconds, so a real server never goes seconds without an RPC,
 * and waiting for none would mean never collecting in production.
 */
export const QUIET_BUSY_FRACTION = 0.2;

/**
 * Returns the heap after a burst. V8 collects garbage only when JavaScript allocates, so
 * after a burst of large requests an idle or lightly loaded process keeps the dead
 * messages, their strings and Buffers for minutes (docs/deployment.md, "Memory after
 * bursts"). Like the JVM's periodic collection of idle processes (G1PeriodicGCInterval,
 * JEP 346), the governor watches the process: once the event loop has been quiet for
 * idle_collection_delay and the heap plus external memory grew by idle_collection_min_growth
 * since its lowest point, it runs a full collection (V8 then unmaps the heap pages it
 * emptied), at most once per idle_collection_delay. A busy server is left to V8.
 */
export class MemoryGovernor {
  private readonly log = new Logger('MemoryGovernor');
  private timer: NodeJS.Timeout | undefined;
  private lastBusyAt: number;
  private lastCollectionAt = Number.NEGATIVE_INFINITY;
  /** Lowest heap + external seen since the last collection: what the growth is counted from. */
  private lowPoint: number;
  readonly collections;
  readonly reclaimedBytes;
  readonly pauseSeconds;

  constructor(
    private readonly settings: IdleCollectionSettings,
    private readonly probe: MemoryProbe = processMemoryProbe(),
    registry: Registry = defaultRegistry,
  ) {
    this.lastBusyAt = probe.now();
    this.lowPoint = committed(probe.footprint());
    this.collections = counter(
      {
        name: 'tc_memory_idle_collections_total',
        help: 'Full garbage collections the server ran after a burst, once quiet (server.memory).',
      },
      registry,
    );
    this.reclaimedBytes = counter(
      {
        name: 'tc_memory_idle_collection_reclaimed_bytes_total',
        help: 'V8 heap committed plus external memory those collections gave back.',
      },
      registry,
    );
    this.pauseSeconds = counter(
      {
        name: 'tc_memory_idle_collection_seconds_total',
        help: 'Time the event loop spent in those collections.',
      },
      registry,
    );
  }

  /** Checks a few times per idle_collection_delay; the timer never keeps the process alive. */
  start(): void {
    const delay = this.settings.idle_collection_delay;
    if (delay === null || this.timer !== undefined) return;
    this.probe.busySincePreviousCall();
    this.timer = setInterval(() => this.check(), tickInterval(delay));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One observation; collects when the rules say so. Returns whether it collected. */
  check(): boolean {
    const delay = this.settings.idle_collection_delay;
    if (delay === null) return false;
    const now = this.probe.now();
    if (this.probe.busySincePreviousCall() >= QUIET_BUSY_FRACTION) this.lastBusyAt = now;
    const before = this.probe.footprint();
    this.lowPoint = Math.min(this.lowPoint, committed(before));
    if (now - this.lastBusyAt < delay || now - this.lastCollectionAt < delay) return false;
    if (committed(before) - this.lowPoint < this.settings.idle_collection_min_growth) return false;
    this.collect(before, `quiet for ${Math.round((now - this.lastBusyAt) / 1000)} s after a burst`);
    return true;
  }

  /**
   * Startup's recovery is a burst whose garbage (pages of rows, each cut up and indexed) is
   * all dead once it ends: one full collection then (unless idle collection is off), so the
   * server starts serving at the footprint it would otherwise reach only once quiet.
   */
  collectAfterRecovery(): void {
    if (this.settings.idle_collection_delay === null) return;
    this.collect(this.probe.footprint(), 'recovery done');
  }

  private collect(before: MemoryFootprint, why: string): void {
    const started = performance.now();
    this.probe.collect();
    const seconds = (performance.now() - started) / 1000;
    const after = this.probe.footprint();
    this.lastCollectionAt = this.probe.now();
    this.lowPoint = committed(after);
    // The collection itself kept the loop busy; that is not traffic.
    this.probe.busySincePreviousCall();
    this.collections.inc();
    this.reclaimedBytes.inc(Math.max(0, committed(before) - committed(after)));
    this.pauseSeconds.inc(seconds);
    this.log.debug(
      `${why}: full collection ` +
        `in ${Math.round(seconds * 1000)} ms; heap ${mib(before.heapTotal)} -> ${mib(after.heapTotal)} MiB ` +
        `(used ${mib(before.heapUsed)} -> ${mib(after.heapUsed)}), external ` +
        `${mib(before.external)} -> ${mib(after.external)} MiB, RSS ${mib(before.rss)} -> ${mib(after.rss)} MiB`,
    );
  }
}

function committed(footprint: MemoryFootprint): number {
  return footprint.heapTotal + footprint.external;
}

function mib(bytes: number): string {
  return (bytes / 1_048_576).toFixed(0);
}

function tickInterval(delay: number): number {
  return Math.max(50, Math.min(1000, Math.floor(delay / 5)));
}

/** The running process: event-loop utilization, process.memoryUsage() and V8's gc(). */
export function processMemoryProbe(): MemoryProbe {
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  let gc: (() => void) | undefined;
  return {
    now: () => performance.now(),
    busySincePreviousCall: () => {
      const current = performance.eventLoopUtilization();
      const share = performance.eventLoopUtilization(current, previous).utilization;
      previous = current;
      return share;
    },
    footprint: () => process.memoryUsage(),
    collect: () => {
      gc ??= exposeGc();
      // Measured after a burst: one pass left ~20 MiB of external memory (message Buffers)
      // allocated for seconds more; a second pass frees it at once. Plain gc(): on Node 20
      // gc() with an options object ({type: 'major'}, a 'last-resort' flavor) from a context
      // of its own collected nothing, synchronously.
      gc();
      gc();
    },
  };
}

/**
 * V8's gc() without requiring `node --expose-gc` of every launcher (bin/tensorcast, the
 * image, tests, `node dist/...`): the flag applies to contexts created after it is set, so
 * one new context hands out its gc function; the flag is cleared again so no other context
 * gets a global `gc`.
 */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
