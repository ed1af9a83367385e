import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
  register as defaultRegistry,
} from 'prom-client';

/**
 * Get-or-create for metrics. Modules declare their metrics in small classes built on these;
 * creating the same metric twice (a second app instance in one test process) reuses it
 * instead of throwing.
 */
export function counter<T extends string>(
  config: CounterConfiguration<T>,
  registry: Registry = defaultRegistry,
): Counter<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) return existing as Counter<T>;
  return new Counter<T>({ ...config, registers: [registry] });
}

export function gauge<T extends string>(
  config: GaugeConfiguration<T>,
  registry: Registry = defaultRegistry,
): Gauge<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) return existing as Gauge<T>;
  return new Gauge<T>({ ...config, registers: [registry] });
}

export function histogram<T extends string>(
  config: HistogramConfiguration<T>,
  registry: Registry = defaultRegistry,
): Histogram<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) return existing as Histogram<T>;
  return new Histogram<T>({ ...config, registers: [registry] });
}

/** Latency buckets for control-plane RPCs: sub-millisecond to seconds. */
export const RPC_LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export { Registry, defaultRegistry };
