import { describe, expect, it } from 'vitest';
import { nearestRank, sortLags, summarizeLags } from './lag-summary.js';

describe('summarizeLags', () => {
  it('gives nearest-rank percentiles of 1..100', () => {
    const lags = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarizeLags(lags)).toEqual({
      count: 100,
      meanMs: 50.5,
      p50Ms: 50,
      p90Ms: 90,
      p99Ms: 99,
      maxMs: 100,
    });
  });

  it('sorts numerically, not as text', () => {
    expect(summarizeLags(Float64Array.from([10, 9, 100])).p50Ms).toBe(10);
  });

  it('reads an empty input as zeros with count 0', () => {
    expect(summarizeLags(new Float64Array(0))).toEqual({
      count: 0,
      meanMs: 0,
      p50Ms: 0,
      p90Ms: 0,
      p99Ms: 0,
      maxMs: 0,
    });
  });

  it('leaves its input unsorted', () => {
    const lags = Float64Array.from([3, 1, 2]);
    summarizeLags(lags);
    expect([...lags]).toEqual([3, 1, 2]);
  });
});

describe('nearestRank', () => {
  it('picks the single value for any p', () => {
    const one = sortLags(Float64Array.from([7]));
    expect(nearestRank(one, 0)).toBe(7);
    expect(nearestRank(one, 0.99)).toBe(7);
  });
});
