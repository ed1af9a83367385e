import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  METRICS_REGISTRY,
  counter,
  defaultRegistry,
  gauge,
  histogram,
} from '../../observability/src';
import { PlanKind } from './registration.entity';

export type CommitResult = 'ok' | 'aborted' | 'expired';

/** Registrations last from milliseconds (tests, small artifacts) to an hour (max_ttl). */
const COMMIT_SECONDS_BUCKETS = [
  0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
];

const PLANS: readonly PlanKind[] = ['coalesced', 'cpu', 'lease'];

/**
 * The registration lease metrics, with the exact names TensorCast dashboards use (one
 * counter per plan rather than a plan label). daemon_id is the one id-valued label, as named
 * by the spec; its series is removed when the daemon has no open registration left.
 */
@Injectable()
export class RegistrationsMetrics {
  readonly begins: Record<PlanKind, Counter>;
  readonly commits: Record<PlanKind, Counter>;
  readonly aborts: Counter;
  readonly keepalives: Counter;
  readonly keepaliveStreams: Gauge;
  readonly keepaliveStreamAnswers: Counter<'code'>;
  readonly revokes: Counter;
  readonly feedCpuBytes: Counter;
  readonly feedLeaseSegments: Counter;
  readonly feedLeaseBytes: Counter;
  readonly pending: Gauge<'daemon_id'>;
  readonly commitSeconds: Histogram<'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry = defaultRegistry) {
    const perPlan = (verb: 'begin' | 'commit', help: string) =>
      Object.fromEntries(
        PLANS.map((plan) => [
          plan,
          counter(
            { name: `tc_register_${verb}_${plan}_total`, help: `${help} (${plan} plan).` },
            registry,
          ),
        ]),
      ) as Record<PlanKind, Counter>;
    this.begins = perPlan('begin', 'Registrations begun');
    this.commits = perPlan('commit', 'Registrations committed');
    this.aborts = counter(
      { name: 'tc_register_abort_total', help: 'Open registrations ended by AbortRegistration.' },
      registry,
    );
    this.keepalives = counter(
      {
        name: 'tc_register_keepalive_total',
        help: 'Accepted keepalives: KeepaliveRegistration calls and KeepaliveStream messages.',
      },
      registry,
    );
    this.keepaliveStreams = gauge(
      {
        name: 'tc_register_keepalive_streams',
        help: 'Open tcgs.registrations.v1 KeepaliveStream streams.',
      },
      registry,
    );
    this.keepaliveStreamAnswers = counter(
      {
        name: 'tc_register_keepalive_stream_answers_total',
        help: 'KeepaliveStream answers by the status code they carry (errors do not end the stream).',
        labelNames: ['code'] as const,
      },
      registry,
    );
    this.revokes = counter(
      {
        name: 'tc_register_revoke_total',
        help: 'Open registrations revoked (operator, worker timeout or unregister, restart).',
      },
      registry,
    );
    this.feedCpuBytes = counter(
      {
        name: 'tc_register_feed_cpu_bytes_total',
        help: 'Bytes accepted for cpu-plan registrations.',
      },
      registry,
    );
    this.feedLeaseSegments = counter(
      { name: 'tc_register_feed_lease_segments_total', help: 'Lease segments accepted.' },
      registry,
    );
    this.feedLeaseBytes = counter(
      {
        name: 'tc_register_feed_lease_bytes_total',
        help: 'Bytes accepted through lease segments.',
      },
      registry,
    );
    this.pending = gauge(
      {
        name: 'tc_register_pending_gauge',
        help: 'Open (in-flight) registrations per daemon.',
        labelNames: ['daemon_id'] as const,
      },
      registry,
    );
    this.commitSeconds = histogram(
      {
        name: 'tc_register_commit_seconds',
        help: 'From BeginRegistration to the outcome of CommitRegistration, by result.',
        labelNames: ['result'] as const,
        buckets: COMMIT_SECONDS_BUCKETS,
      },
      registry,
    );
  }

  setPending(daemonId: string, open: number): void {
    if (open > 0) this.pending.set({ daemon_id: daemonId }, open);
    else this.pending.remove({ daemon_id: daemonId });
  }

  observeCommit(result: CommitResult, seconds: number): void {
    this.commitSeconds.observe({ result }, Math.max(0, seconds));
  }
}
