import { sum as kahanSum, quantileSorted } from 'simple-statistics';
import type { SortedFloat64Array } from './sorted-float64-array.js';

/** Key of a percentile in `SampleStatistics.percentiles`, as k6 writes it: `p(95)`, `p(99.9)`. */
export type PercentileKey = `p(${number})`;

/** Percentiles computed when none are asked for: the summary's p50/p90/p95/p99. */
export const SUMMARY_PERCENTILES: readonly number[] = [50, 90, 95, 99];

/** Statistics of one or more values. */
export interface SampleStatistics {
  readonly status: 'samples';
  /** Number of values. */
  readonly count: number;
  /** Sum of the values (Kahan-Babuska summation). */
  readonly sum: number;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
  /** Arithmetic mean. */
  readonly avg: number;
  /** Median, = p(50). */
  readonly med: number;
  /** Fraction of non-zero values (k6 `rate`); for 0/1 points, the share of 1s. */
  readonly rate: number;
  /** Number of non-zero values (k6 summary `passes` of a rate). */
  readonly passes: number;
  /** Number of zero values (k6 summary `fails` of a rate). */
  readonly fails: number;
  /** Each asked percentile by key: `{ 'p(95)': 812.5 }`. */
  readonly percentiles: Readonly<Record<PercentileKey, number>>;
}

/** Statistics of no values: never a number that could pass a threshold. */
export interface NoSampleStatistics {
  readonly status: 'no-samples';
  /** Always 0. */
  readonly count: 0;
}

/** Result of `computeStatistics`, tagged by `status`. */
export type Statistics = SampleStatistics | NoSampleStatistics;

/** `p(95)` for 95: the key k6 uses in summaries and thresholds. */
export function percentileKey(pct: number): PercentileKey {
  return `p(${pct})`;
}

/**
 * p(pct) of sorted values by linear interpolation between closest ranks, as k6 does:
 * with n values x[0..n-1] and i = (pct / 100) * (n - 1), the result is
 * x[floor(i)] + (i - floor(i)) * (x[ceil(i)] - x[floor(i)]). Null when there are no values.
 * Throws RangeError when pct is outside [0, 100].
 */
export function percentileOfSorted(sorted: SortedFloat64Array, pct: number): number | null {
  checkPct(pct);
  if (sorted.length === 0) return null;
  // simple-statistics 7.12.1 quantileSorted is this method (R type 7); it only reads
  // length and indices, so a Float64Array serves where its types say number[].
  return quantileSorted(asArray(sorted), pct / 100);
}

/** Count, min, max, avg, med, rate, passes, fails and the asked percentiles of sorted values. */
export function computeStatistics(
  sorted: SortedFloat64Array,
  percentilesPct: readonly number[] = SUMMARY_PERCENTILES,
): Statistics {
  for (const pct of percentilesPct) checkPct(pct);
  const count = sorted.length;
  if (count === 0) return { status: 'no-samples', count: 0 };
  const values = asArray(sorted);
  const total = kahanSum(values);
  let passes = 0;
  for (let i = 0; i < count; i += 1) if (sorted[i] !== 0) passes += 1;
  const percentiles: Record<PercentileKey, number> = {};
  for (const pct of percentilesPct)
    percentiles[percentileKey(pct)] = quantileSorted(values, pct / 100);
  return {
    status: 'samples',
    count,
    sum: total,
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
    avg: total / count,
    med: quantileSorted(values, 0.5),
    rate: passes / count,
    passes,
    fails: count - passes,
    percentiles,
  };
}

function checkPct(pct: number): void {
  if (!(pct >= 0 && pct <= 100)) {
    throw new RangeError(`percentile ${pct} is outside [0, 100]; write e.g. 95 for p(95).`);
  }
}

function asArray(values: SortedFloat64Array): readonly number[] {
  return values as unknown as readonly number[];
}
