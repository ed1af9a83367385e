import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import {
  IdleCollectionSettings,
  MemoryFootprint,
  MemoryGovernor,
  MemoryProbe,
} from './memory-governor';

const MiB = 1024 * 1024;

/** A process in numbers: the test sets the clock, the loop's busy share and the memory. */
class FakeProcess implements MemoryProbe {
  time = 0;
  busy = 0;
  memory: MemoryFootprint = {
    heapTotal: 60 * MiB,
    heapUsed: 40 * MiB,
    external: 2 * MiB,
    rss: 150 * MiB,
  };
  /** What a collection leaves. */
  afterCollection: MemoryFootprint = this.memory;
  collections = 0;

  now(): number {
    return this.time;
  }
  busySincePreviousCall(): number {
    return this.busy;
  }
  footprint(): MemoryFootprint {
    return this.memory;
  }
  collect(): void {
    this.collections += 1;
    this.memory = this.afterCollection;
  }
}

const SETTINGS: IdleCollectionSettings = {
  idle_collection_delay: 5_000,
  idle_collection_min_growth: 32 * MiB,
};

function governed(settings = SETTINGS): { fake: FakeProcess; governor: MemoryGovernor } {
  const fake = new FakeProcess();
  return { fake, governor: new MemoryGovernor(settings, fake, new Registry()) };
}

/** Observes once a second for `seconds`, with the loop `busy` that share of the time. */
function run(fake: FakeProcess, governor: MemoryGovernor, seconds: number, busy: number): void {
  fake.busy = busy;
  for (let i = 0; i < seconds; i += 1) {
    fake.time += 1_000;
    governor.check();
  }
}

function burst(fake: FakeProcess, governor: MemoryGovernor): void {
  fake.memory = { heapTotal: 160 * MiB, heapUsed: 130 * MiB, external: 50 * MiB, rss: 400 * MiB };
  fake.afterCollection = {
    heapTotal: 70 * MiB,
    heapUsed: 45 * MiB,
    external: 2 * MiB,
    rss: 190 * MiB,
  };
  run(fake, governor, 3, 0.95);
}

async function counterValue(governor: MemoryGovernor, name: 'collections' | 'reclaimedBytes') {
  return (await governor[name].get()).values[0]?.value ?? 0;
}

describe('MemoryGovernor', () => {
  it('collects once, after the loop has been quiet for the delay following a burst', async () => {
    const { fake, governor } = governed();
    burst(fake, governor);
    run(fake, governor, 4, 0.02);
    assert.equal(fake.collections, 0, 'not before the delay');
    run(fake, governor, 2, 0.02);
    assert.equal(fake.collections, 1);
    run(fake, governor, 60, 0.02);
    assert.equal(fake.collections, 1, 'nothing grew since: no second collection');
    assert.equal(await counterValue(governor, 'collections'), 1);
    // heap committed 160 -> 70 and external 50 -> 2 MiB.
    assert.equal(await counterValue(governor, 'reclaimedBytes'), 138 * MiB);
  });

  it('counts occasional heartbeats as quiet, but not a loop busy a fifth of the time', () => {
    const { fake, governor } = governed();
    burst(fake, governor);
    run(fake, governor, 30, 0.25);
    assert.equal(fake.collections, 0, 'still busy: V8 collects on its own');
    run(fake, governor, 6, 0.1);
    assert.equal(fake.collections, 1);
  });

  it('leaves small growth alone, measured from the lowest point', () => {
    const { fake, governor } = governed();
    fake.memory = { ...fake.memory, heapTotal: 80 * MiB, external: 10 * MiB };
    run(fake, governor, 10, 0.9);
    run(fake, governor, 10, 0);
    assert.equal(fake.collections, 0, '28 MiB grown, under 32 MiB');
    fake.memory = { ...fake.memory, heapTotal: 40 * MiB, external: 1 * MiB };
    run(fake, governor, 1, 0);
    fake.memory = { ...fake.memory, heapTotal: 75 * MiB };
    run(fake, governor, 1, 0);
    assert.equal(fake.collections, 1, '35 MiB above the new low point of 41 MiB');
  });

  it('collects at most once per delay, even when memory keeps growing while quiet', () => {
    const { fake, governor } = governed();
    burst(fake, governor);
    run(fake, governor, 6, 0);
    assert.equal(fake.collections, 1);
    fake.afterCollection = fake.memory;
    fake.memory = { ...fake.memory, heapTotal: fake.memory.heapTotal + 64 * MiB };
    run(fake, governor, 3, 0);
    assert.equal(fake.collections, 1, 'within 5 s of the last one');
    run(fake, governor, 1, 0);
    assert.equal(fake.collections, 2);
  });

  it('never collects when the delay is null', () => {
    const { fake, governor } = governed({ ...SETTINGS, idle_collection_delay: null });
    burst(fake, governor);
    run(fake, governor, 600, 0);
    assert.equal(fake.collections, 0);
    governor.collectAfterRecovery();
    assert.equal(fake.collections, 0, 'not after recovery either');
  });

  it('collects once recovery is done, and counts the growth from what that left', async () => {
    const { fake, governor } = governed();
    burst(fake, governor);
    governor.collectAfterRecovery();
    assert.equal(fake.collections, 1);
    assert.equal(await counterValue(governor, 'reclaimedBytes'), 138 * MiB);
    run(fake, governor, 20, 0);
    assert.equal(fake.collections, 1, 'nothing grew since: no idle collection');
  });
});
