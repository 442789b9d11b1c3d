import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_RELATIVE_ERROR, LogHistogram } from './log-histogram.js';
import { sortFloat64 } from './sorted-float64-array.js';
import { computeStatistics } from './statistics.js';

const PCTS = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

/** Positive values as inter-token gaps look: 1 µs to 100 s, spread over many octaves. */
const gapsArbitrary = fc.array(
  fc.double({ min: 1e-3, max: 1e5, noNaN: true, noDefaultInfinity: true }),
  { minLength: 1, maxLength: 400 },
);

function histogramOf(values: readonly number[]): LogHistogram {
  const h = new LogHistogram();
  for (const v of values) h.record(v);
  return h;
}

describe('LogHistogram', () => {
  it('gives every percentile within 2^-12 of the exact k6 percentile, and exact count, min, max', () => {
    fc.assert(
      fc.property(gapsArbitrary, (values) => {
        const exact = computeStatistics(sortFloat64(Float64Array.from(values)), PCTS);
        const approx = histogramOf(values).statistics(PCTS);
        if (exact.status !== 'samples' || approx.status !== 'samples') return false;
        expect(approx.count).toBe(exact.count);
        expect(approx.min).toBe(exact.min);
        expect(approx.max).toBe(exact.max);
        expect(Math.abs(approx.sum - exact.sum)).toBeLessThanOrEqual(Math.abs(exact.sum) * 1e-12);
        for (const pct of PCTS) {
          const want = exact.percentiles[`p(${pct})`] as number;
          const got = approx.percentiles[`p(${pct})`] as number;
          expect(Math.abs(got - want)).toBeLessThanOrEqual(want * HISTOGRAM_RELATIVE_ERROR);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('is exact when every value sits alone at the ends and tells zeros apart for rate', () => {
    const stats = histogramOf([0, 0, 5, 7]).statistics([50]);
    expect(stats).toMatchObject({ count: 4, passes: 2, fails: 2, rate: 0.5, min: 0, max: 7 });
  });

  it('merges into the same histogram as recording every value in one', () => {
    fc.assert(
      fc.property(gapsArbitrary, gapsArbitrary, (a, b) => {
        const merged = histogramOf(a).merge(histogramOf(b));
        const whole = histogramOf([...a, ...b]);
        expect(merged.statistics(PCTS)).toEqual(
          expect.objectContaining({ count: whole.count, min: whole.summary.min }),
        );
        const mp = merged.statistics(PCTS);
        const wp = whole.statistics(PCTS);
        if (mp.status !== 'samples' || wp.status !== 'samples') return false;
        expect(mp.percentiles).toEqual(wp.percentiles);
        expect(mp.max).toBe(wp.max);
        return true;
      }),
      { numRuns: 100 },
    );
  });

  it('rebuilds itself from bucket deltas and totals, as a samples file reader does', () => {
    const live = new LogHistogram();
    const flushed = new LogHistogram();
    const restored = new LogHistogram();
    for (const batch of [
      [1, 2, 3],
      [0, 2.5, 1e-9],
      [40, 41, 42, 4e6],
    ]) {
      for (const v of batch) live.record(v);
      live.forEachBucketDelta(flushed, (index, count) => {
        restored.addBucketCount(index, count);
        flushed.addBucketCount(index, count);
      });
    }
    restored.setTotals(live.summary);
    expect(restored.bucketTotal()).toBe(10);
    expect(restored.statistics(PCTS)).toEqual(live.statistics(PCTS));
  });

  it('refuses a value that is not finite', () => {
    expect(() => new LogHistogram().record(Number.NaN)).toThrow(/not a finite number/);
  });

  it('says no-samples when empty', () => {
    expect(new LogHistogram().statistics([95])).toEqual({ status: 'no-samples', count: 0 });
  });
});
