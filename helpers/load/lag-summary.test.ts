import { describe, expect, it } from 'vitest';
import { summarizeLags } from './lag-summary.js';

describe('summarizeLags', () => {
  it("gives the suite's interpolated percentiles of 1..100", () => {
    const lags = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarizeLags(lags);
    expect(summary).toMatchObject({ count: 100, meanMs: 50.5, p50Ms: 50.5, maxMs: 100 });
    expect(summary.p90Ms).toBeCloseTo(90.1, 10);
    expect(summary.p99Ms).toBeCloseTo(99.01, 10);
  });

  it('sorts numerically, not as text', () => {
    expect(summarizeLags(Float64Array.from([10, 9, 100])).p50Ms).toBe(10);
    expect(summarizeLags(Float64Array.from([10, 9, 100])).maxMs).toBe(100);
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
