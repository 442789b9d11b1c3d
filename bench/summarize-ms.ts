import { sortFloat64 } from '../helpers/metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../helpers/metrics/statistics.js';

/** Distribution of a set of millisecond values (errors, lags, gaps). */
export interface MsSummary {
  /** Values summarised; 0 means every other field is NaN (written as null in JSON). */
  count: number;
  /** Smallest value, ms. */
  minMs: number;
  /** Arithmetic mean, ms. */
  meanMs: number;
  /** Median, ms (the suite's percentile method: linear between closest ranks, as k6). */
  p50Ms: number;
  /** 99th percentile, ms. */
  p99Ms: number;
  /** Largest value, ms. */
  maxMs: number;
}

/**
 * Summarises values (any order; the input is not changed). Empty input gives count 0 and
 * NaN elsewhere, so a goal on it can never pass by accident.
 */
export function summarizeMs(values: ArrayLike<number>): MsSummary {
  const sorted = sortFloat64(Float64Array.from(values));
  const count = sorted.length;
  let sumMs = 0;
  for (const value of sorted) sumMs += value;
  return {
    count,
    minMs: count === 0 ? Number.NaN : (sorted[0] as number),
    meanMs: count === 0 ? Number.NaN : sumMs / count,
    p50Ms: percentileOfSorted(sorted, 50) ?? Number.NaN,
    p99Ms: percentileOfSorted(sorted, 99) ?? Number.NaN,
    maxMs: count === 0 ? Number.NaN : (sorted[count - 1] as number),
  };
}
