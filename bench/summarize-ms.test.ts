import { describe, expect, it } from 'vitest';
import { nearestRankOfSorted, summarizeMs } from './summarize-ms.js';

describe('summarizeMs', () => {
  it('gives nearest-rank percentiles of unsorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarizeMs(values);
    expect(summary).toMatchObject({ count: 100, minMs: 1, p50Ms: 50, p99Ms: 99, maxMs: 100 });
    expect(summary.meanMs).toBeCloseTo(50.5, 10);
  });

  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    summarizeMs(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('keeps negative errors (an arrival before the write stamp) in order', () => {
    expect(summarizeMs([-0.5, 2, 0.25])).toMatchObject({ minMs: -0.5, p50Ms: 0.25, maxMs: 2 });
  });

  it('gives NaN figures and count 0 for no values, so no goal can pass on them', () => {
    const summary = summarizeMs([]);
    expect(summary.count).toBe(0);
    expect(summary.p99Ms).toBeNaN();
    expect(summary.maxMs).toBeNaN();
  });
});

describe('nearestRankOfSorted', () => {
  it('takes the smallest value with at least p of the values at or below it', () => {
    const sorted = Float64Array.from([10, 20, 30, 40]);
    expect(nearestRankOfSorted(sorted, 0.5)).toBe(20);
    expect(nearestRankOfSorted(sorted, 0.51)).toBe(30);
    expect(nearestRankOfSorted(sorted, 0)).toBe(10);
    expect(nearestRankOfSorted(sorted, 1)).toBe(40);
  });
});
