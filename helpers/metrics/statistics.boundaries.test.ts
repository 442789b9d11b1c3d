import { describe, expect, it } from 'vitest';
import { isSortedFloat64, sortFloat64 } from './sorted-float64-array.js';
import { computeStatistics, percentileOfSorted } from './statistics.js';

const sorted = (...values: number[]) => sortFloat64(Float64Array.from(values));

describe('computeStatistics percentiles', () => {
  it('computes the summary percentiles p(50), p(90), p(95) and p(99) when none are asked for', () => {
    // 0..100: p(N) = N exactly.
    const stats = computeStatistics(sorted(...Array.from({ length: 101 }, (_, i) => i)));
    if (stats.status !== 'samples') throw new Error('expected samples');
    expect(stats.percentiles).toEqual({ 'p(50)': 50, 'p(90)': 90, 'p(95)': 95, 'p(99)': 99 });
  });

  it('computes only the percentiles asked for', () => {
    const stats = computeStatistics(sorted(1, 2, 3), [0, 100]);
    if (stats.status !== 'samples') throw new Error('expected samples');
    expect(stats.percentiles).toEqual({ 'p(0)': 1, 'p(100)': 3 });
  });

  it('rejects an asked percentile outside [0, 100] before looking at the values', () => {
    expect(() => computeStatistics(sorted(), [100.5])).toThrow(
      'percentile 100.5 is outside [0, 100]; write e.g. 95 for p(95).',
    );
    expect(() => computeStatistics(sorted(1), [Number.NaN])).toThrow(RangeError);
    expect(() => percentileOfSorted(sorted(1), -0.5)).toThrow(RangeError);
  });
});

describe('computeStatistics rate of 0/1 points', () => {
  it('reads all zeros as rate 0 and all ones as rate 1', () => {
    expect(computeStatistics(sorted(0, 0, 0))).toMatchObject({ rate: 0, passes: 0, fails: 3 });
    expect(computeStatistics(sorted(1, 1))).toMatchObject({ rate: 1, passes: 2, fails: 0 });
  });

  it('counts negative values as non-zero', () => {
    expect(computeStatistics(sorted(-1, 0, 0, 0))).toMatchObject({ rate: 0.25, passes: 1 });
  });
});

describe('isSortedFloat64', () => {
  it('accepts equal neighbours, an empty array and a single value', () => {
    expect(isSortedFloat64(Float64Array.from([1, 1, 1]))).toBe(true);
    expect(isSortedFloat64(new Float64Array(0))).toBe(true);
    expect(isSortedFloat64(Float64Array.from([5]))).toBe(true);
  });

  it('rejects a descent at the very end', () => {
    expect(isSortedFloat64(Float64Array.from([1, 2, 3, 2.5]))).toBe(false);
  });
});
