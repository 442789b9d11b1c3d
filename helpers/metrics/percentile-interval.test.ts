import { describe, expect, it } from 'vitest';
import { percentileInterval, percentileRanks } from './percentile-interval.js';
import { sortFloat64 } from './sorted-float64-array.js';

/** A seeded uniform source (a 32-bit LCG): the same draws on every run. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

const sorted = (values: number[]) => sortFloat64(Float64Array.from(values));

/** P(l <= B < u) for B ~ Binomial(n, q), summed directly (a second, independent formula). */
function coverage(n: number, q: number, l: number, u: number): number {
  let total = 0;
  for (let k = l; k < u; k += 1) {
    let logChoose = 0;
    for (let i = 1; i <= k; i += 1) logChoose += Math.log((n - k + i) / i);
    total += Math.exp(logChoose + k * Math.log(q) + (n - k) * Math.log(1 - q));
  }
  return total;
}

describe('percentileRanks', () => {
  it('gives the tabulated 95% ranks of the median: x(2)-x(9) for n = 10, x(40)-x(61) for n = 100', () => {
    expect(percentileRanks(10, 0.5)).toEqual({ lowerRank: 2, upperRank: 9 });
    expect(percentileRanks(100, 0.5)).toEqual({ lowerRank: 40, upperRank: 61 });
  });

  it('bounds p(95) from above only from 72 values on (0.95^72 < 0.025 < 0.95^71)', () => {
    expect(percentileRanks(71, 0.95).upperRank).toBeNull();
    expect(percentileRanks(72, 0.95).upperRank).toBe(72);
  });

  it('covers the true quantile with at least 95% probability for every n from 5 to 400', () => {
    for (let n = 5; n <= 400; n += 1) {
      for (const q of [0.5, 0.9, 0.95, 0.99]) {
        const { lowerRank, upperRank } = percentileRanks(n, q);
        const l = lowerRank ?? 0;
        const u = upperRank ?? n + 1;
        expect(coverage(n, q, l, u), `n=${n} q=${q}`).toBeGreaterThanOrEqual(0.95 - 1e-9);
      }
    }
  });

  it('is no wider than needed: moving either bound one rank inwards loses the 95%', () => {
    for (const n of [30, 100, 500]) {
      const { lowerRank, upperRank } = percentileRanks(n, 0.9);
      const l = lowerRank as number;
      const u = upperRank as number;
      // Each tail holds at most 2.5%: one rank more on either side would exceed it.
      expect(1 - coverage(n, 0.9, l + 1, n + 1), `n=${n}`).toBeGreaterThan(0.025);
      expect(1 - coverage(n, 0.9, 0, u - 1), `n=${n}`).toBeGreaterThan(0.025);
    }
  });

  it('matches the exact ranks within one with the normal approximation above 100 000 values', () => {
    const exact = percentileRanks(100_000, 0.95);
    const approx = percentileRanks(100_001, 0.95);
    expect(
      Math.abs((approx.lowerRank as number) - (exact.lowerRank as number)),
    ).toBeLessThanOrEqual(2);
    expect(
      Math.abs((approx.upperRank as number) - (exact.upperRank as number)),
    ).toBeLessThanOrEqual(2);
    // 95 000 +/- 1.96 x sqrt(100 000 x 0.95 x 0.05) = 95 000 +/- 135
    expect(exact.lowerRank).toBeGreaterThan(94_860);
    expect(exact.upperRank).toBeLessThan(95_140);
  });
});

describe('percentileInterval', () => {
  it('reads the bounds at their ranks: 1..100 gives 40 and 61 for the median', () => {
    const values = sorted(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(percentileInterval(values, 50)).toMatchObject({ lower: 40, upper: 61, n: 100 });
  });

  it('leaves the upper side of p(95) open with 20 values, and is null with none', () => {
    const values = sorted(Array.from({ length: 20 }, (_, i) => i));
    const interval = percentileInterval(values, 95);
    expect(interval?.upper).toBeNull();
    expect(interval?.lower).not.toBeNull();
    expect(percentileInterval(sorted([]), 95)).toBeNull();
  });

  it('holds the true p(90) of a uniform distribution in about 95% of 2000 seeded samples', () => {
    const random = seededUniform(7);
    let covered = 0;
    for (let trial = 0; trial < 2000; trial += 1) {
      const values = sorted(Array.from({ length: 60 }, () => random()));
      const interval = percentileInterval(values, 90);
      if ((interval?.lower ?? 0) <= 0.9 && 0.9 < (interval?.upper ?? 1)) covered += 1;
    }
    expect(covered / 2000).toBeGreaterThan(0.94);
    expect(covered / 2000).toBeLessThan(0.995);
  });
});
