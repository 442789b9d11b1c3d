import { type SortedFloat64Array, sortFloat64 } from '../metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../metrics/statistics.js';

/**
 * Distribution of `schedule_lag_ms` over the started iterations. Percentiles use the suite's
 * one method (linear interpolation between closest ranks, as k6; see statistics.ts).
 */
export interface LagSummary {
  /** Started iterations measured. */
  count: number;
  /** Arithmetic mean, ms; 0 when count is 0. */
  meanMs: number;
  /** Median, ms; 0 when count is 0. */
  p50Ms: number;
  /** 90th percentile, ms; 0 when count is 0. */
  p90Ms: number;
  /** 99th percentile, ms; 0 when count is 0. */
  p99Ms: number;
  /** Largest lag, ms; 0 when count is 0. */
  maxMs: number;
}

/** A sorted copy of the lags; the input is left alone. */
export function sortLags(lagsMs: Float64Array): SortedFloat64Array {
  return sortFloat64(lagsMs.slice());
}

/** Summarises lags (ms). Empty input gives all zeros with count 0, as k6 reads an empty trend. */
export function summarizeLags(lagsMs: Float64Array): LagSummary {
  const sorted = sortLags(lagsMs);
  let sumMs = 0;
  for (const lag of sorted) sumMs += lag;
  const pct = (p: number) => percentileOfSorted(sorted, p) ?? 0;
  return {
    count: sorted.length,
    meanMs: sorted.length === 0 ? 0 : sumMs / sorted.length,
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    maxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
  };
}
