import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSortedFloat64, sortFloat64 } from './sorted-float64-array.js';
import { computeStatistics, percentileOfSorted } from './statistics.js';

const sorted = (...values: number[]) => sortFloat64(Float64Array.from(values));

describe('computeStatistics', () => {
  it('computes count, min, max, avg, med and sum of known values', () => {
    const stats = computeStatistics(sorted(50, 10, 40, 20, 30));
    expect(stats).toMatchObject({
      status: 'samples',
      count: 5,
      min: 10,
      max: 50,
      avg: 30,
      med: 30,
      sum: 150,
    });
  });

  it('takes the median of an even count as the mean of the two middle values', () => {
    const stats = computeStatistics(sorted(4, 1, 3, 2));
    expect(stats.status === 'samples' && stats.med).toBe(2.5);
  });

  it('interpolates p(90) and p(95) linearly between closest ranks as k6 does', () => {
    // n = 5: i = 0.95 * 4 = 3.8 -> 40 + 0.8 * (50 - 40) = 48; i = 0.9 * 4 = 3.6 -> 46.
    const stats = computeStatistics(sorted(10, 20, 30, 40, 50), [90, 95]);
    if (stats.status !== 'samples') throw new Error('expected samples');
    expect(stats.percentiles['p(95)']).toBeCloseTo(48, 10);
    expect(stats.percentiles['p(90)']).toBeCloseTo(46, 10);
  });

  it('returns the value at the rank when the rank is a whole number', () => {
    // n = 21: i = 0.95 * 20 = 19 -> the 20th smallest value, 19 here.
    const values = sorted(...Array.from({ length: 21 }, (_, i) => i));
    expect(percentileOfSorted(values, 95)).toBe(19);
  });

  it('computes p(99.9) of 1..1000 as 999.001', () => {
    // i = 0.999 * 999 = 998.001 -> 999 + 0.001 * (1000 - 999).
    const values = sorted(...Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(percentileOfSorted(values, 99.9)).toBeCloseTo(999.001, 9);
  });

  it('gives p(0) = min and p(100) = max', () => {
    const values = sorted(7, 3, 9);
    expect(percentileOfSorted(values, 0)).toBe(3);
    expect(percentileOfSorted(values, 100)).toBe(9);
  });

  it('gives every percentile of a single value as that value', () => {
    const values = sorted(42);
    for (const pct of [0, 50, 95, 99.9, 100]) expect(percentileOfSorted(values, pct)).toBe(42);
  });

  it('computes rate, passes and fails as the share and counts of non-zero values', () => {
    const stats = computeStatistics(sorted(0, 1, 0, 1, 1));
    expect(stats).toMatchObject({ rate: 0.6, passes: 3, fails: 2 });
  });

  it('returns a no-samples result for empty input instead of throwing', () => {
    expect(computeStatistics(sorted())).toEqual({ status: 'no-samples', count: 0 });
    expect(percentileOfSorted(sorted(), 95)).toBeNull();
  });

  it('rejects a percentile outside [0, 100] with a RangeError naming it', () => {
    expect(() => percentileOfSorted(sorted(1, 2), 101)).toThrow(/percentile 101 is outside/);
    expect(() => computeStatistics(sorted(1), [-1])).toThrow(RangeError);
  });

  it('keeps every percentile within [min, max] and non-decreasing in N', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (raw, a, b) => {
          const values = sorted(...raw);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pLo = percentileOfSorted(values, lo) as number;
          const pHi = percentileOfSorted(values, hi) as number;
          const min = values[0] as number;
          const max = values[values.length - 1] as number;
          return pLo >= min && pHi <= max && pLo <= pHi;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sortFloat64', () => {
  it('sorts numerically, not as text', () => {
    expect([...sortFloat64(Float64Array.from([10, 9, 100, -1]))]).toEqual([-1, 9, 10, 100]);
  });

  it('is recognised as sorted by isSortedFloat64, and unsorted input is not', () => {
    expect(isSortedFloat64(Float64Array.from([1, 2, 2, 3]))).toBe(true);
    expect(isSortedFloat64(Float64Array.from([2, 1]))).toBe(false);
  });
});
