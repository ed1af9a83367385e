import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatByteSize, parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it('reads integers as bytes and strings with binary or decimal units', () => {
    const cases: [number | string, number][] = [
      [16_777_216, 16_777_216],
      [0, 0],
      ['16MiB', 16_777_216],
      ['64KiB', 65_536],
      ['1GiB', 1_073_741_824],
      ['1MB', 1_000_000],
      ['512KB', 512_000],
      ['2GB', 2_000_000_000],
      ['100B', 100],
      ['16 MiB', 16_777_216],
    ];
    for (const [input, bytes] of cases) {
      assert.equal(parseByteSize(input), bytes, String(input));
    }
  });

  it('rejects fractions, negatives, unknown or mis-cased units and junk', () => {
    for (const input of [
      -1,
      1.5,
      Number.NaN,
      '16',
      '16mb',
      '16mib',
      '1.5MiB',
      '16 megs',
      '',
      'MiB',
      '-1MiB',
    ]) {
      assert.throws(() => parseByteSize(input), RangeError, String(input));
    }
  });
});

describe('formatByteSize', () => {
  it('uses the largest whole binary unit, else plain bytes', () => {
    assert.equal(formatByteSize(16_777_216), '16MiB');
    assert.equal(formatByteSize(65_536), '64KiB');
    assert.equal(formatByteSize(2_147_483_648), '2GiB');
    assert.equal(formatByteSize(1_000_000), 1_000_000);
    assert.equal(formatByteSize(0), 0);
  });

  it('round-trips through parseByteSize', () => {
    for (const bytes of [1, 1023, 1024, 1_000_000, 16_777_216, 3 * 1_073_741_824]) {
      assert.equal(parseByteSize(formatByteSize(bytes)), bytes);
    }
  });
});
