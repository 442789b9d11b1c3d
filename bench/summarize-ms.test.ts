import { describe, expect, it } from 'vitest';
import { summarizeMs } from './summarize-ms.js';

describe('summarizeMs', () => {
  it("gives the suite's interpolated percentiles of unsorted values", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarizeMs(values);
    expect(summary).toMatchObject({ count: 100, minMs: 1, p50Ms: 50.5, maxMs: 100 });
    expect(summary.p99Ms).toBeCloseTo(99.01, 10);
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
