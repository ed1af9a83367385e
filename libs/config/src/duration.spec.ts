import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads a number with a unit into milliseconds', () => {
    const cases: [string, number][] = [
      ['30s', 30_000],
      ['0.5s', 500],
      ['1500ms', 1_500],
      ['5m', 300_000],
      ['1h', 3_600_000],
      ['0s', 0],
      ['1800s', 1_800_000],
      ['0.25m', 15_000],
    ];
    for (const [text, milliseconds] of cases) {
      assert.equal(parseDuration(text), milliseconds, text);
    }
  });

  it('is exact for decimal fractions that floating point gets wrong', () => {
    assert.notEqual(1.005 * 1000, 1_005, 'premise: floating point is inexact here');
    assert.equal(parseDuration('1.005s'), 1_005);
    assert.equal(parseDuration('1.1h'), 3_960_000);
    assert.equal(parseDuration('8.2h'), 29_520_000);
  });

  it('rejects bare numbers, other units, negatives and junk', () => {
    for (const text of [
      '30',
      '',
      's',
      '30 s',
      ' 30s',
      '30s ',
      '-1s',
      '+1s',
      '1d',
      '30S',
      '30sec',
      '.5s',
      '5.s',
      '1e3ms',
      '1h30m',
      'NaNs',
    ]) {
      assert.throws(() => parseDuration(text), RangeError, JSON.stringify(text));
    }
  });

  it('rejects durations that are not a whole number of milliseconds', () => {
    assert.throws(() => parseDuration('0.5ms'), /not a whole number of milliseconds/);
    assert.throws(() => parseDuration('0.0001s'), /not a whole number of milliseconds/);
  });

  it('names the offending text and the expected form', () => {
    assert.throws(() => parseDuration('30'), /invalid duration "30": .*like "30s"/);
  });
});

describe('formatDuration', () => {
  it('writes the shortest exact spelling', () => {
    const cases: [number, string][] = [
      [30_000, '30s'],
      [1_500, '1500ms'],
      [300_000, '5m'],
      [3_600_000, '1h'],
      [1_800_000, '30m'],
      [90_000, '90s'],
      [0, '0s'],
      [1, '1ms'],
    ];
    for (const [milliseconds, text] of cases) {
      assert.equal(formatDuration(milliseconds), text, String(milliseconds));
    }
  });

  it('refuses negative and fractional milliseconds', () => {
    assert.throws(() => formatDuration(-1), RangeError);
    assert.throws(() => formatDuration(0.5), RangeError);
    assert.throws(() => formatDuration(Number.NaN), RangeError);
  });

  it('round-trips through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (milliseconds) => {
        assert.equal(parseDuration(formatDuration(milliseconds)), milliseconds);
      }),
    );
  });
});
