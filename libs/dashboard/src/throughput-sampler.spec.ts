import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ManualClock } from '../../common/src';
import { SAMPLE_CAPACITY, ThroughputSampler, ThroughputTotals } from './throughput-sampler';

function sampler(totals: () => ThroughputTotals, clock = new ManualClock()) {
  return {
    clock,
    sampler: new ThroughputSampler(clock, { read: () => Promise.resolve(totals()) }),
  };
}

describe('ThroughputSampler', () => {
  it('turns counter totals into per-second rates between samples, oldest first', async () => {
    let totals = { heartbeats: 0, writes: 0 };
    const { clock, sampler: s } = sampler(() => totals);
    await s.sample();
    assert.deepEqual(s.series().t, []);
    clock.advance(2000);
    totals = { heartbeats: 20, writes: 4 };
    await s.sample();
    clock.advance(2000);
    totals = { heartbeats: 60, writes: 4 };
    await s.sample();
    const series = s.series();
    assert.deepEqual(series.heartbeatsPerSecond, [10, 20]);
    assert.deepEqual(series.writesPerSecond, [2, 0]);
    assert.equal(series.t.length, 2);
    assert.ok(series.t[0] < series.t[1]);
  });

  it('keeps a fixed window: the oldest samples fall out, memory stays bounded', async () => {
    let n = 0;
    const { clock, sampler: s } = sampler(() => ({ heartbeats: n, writes: 0 }));
    for (let i = 0; i < SAMPLE_CAPACITY * 3; i++) {
      n += i; // a rate that grows with i, so the window's contents are recognisable
      await s.sample();
      clock.advance(1000);
    }
    const series = s.series();
    assert.equal(series.t.length, SAMPLE_CAPACITY - 1);
    assert.equal(series.heartbeatsPerSecond.at(-1), SAMPLE_CAPACITY * 3 - 1);
    assert.equal(series.heartbeatsPerSecond[0], SAMPLE_CAPACITY * 2 + 1);
  });

  it('reads a counter reset as zero and a failed read as a gap, never a negative or a crash', async () => {
    let totals: ThroughputTotals | Error = { heartbeats: 100, writes: 100 };
    const clock = new ManualClock();
    const s = new ThroughputSampler(clock, {
      read: () => (totals instanceof Error ? Promise.reject(totals) : Promise.resolve(totals)),
    });
    await s.sample();
    clock.advance(1000);
    totals = new Error('registry gone');
    await s.sample();
    clock.advance(1000);
    totals = { heartbeats: 5, writes: 5 };
    await s.sample();
    assert.deepEqual(s.series().heartbeatsPerSecond, [0]);
  });
});
