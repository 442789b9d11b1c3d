import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { computeStatistics, percentileKey, type Statistics } from '../metrics/statistics.js';

/** Summary statistics of a trend, in the metric's unit (k6's percentile method). */
export interface Distribution {
  /** Number of values. */
  count: number;
  /** Arithmetic mean. */
  avg: number;
  /** Smallest value. */
  min: number;
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Largest value. */
  max: number;
}

/** Distribution of `values` (any order; the array is sorted in place); null when empty. */
export function distributionOf(values: Float64Array): Distribution | null {
  return distributionOfStatistics(computeStatistics(sortFloat64(values), DISTRIBUTION_PERCENTILES));
}

/** Percentiles a `Distribution` needs: pass them to `MetricStore#statistics`. */
export const DISTRIBUTION_PERCENTILES: readonly number[] = [50, 90, 95, 99];

/** The distribution of statistics computed with `DISTRIBUTION_PERCENTILES`; null when empty. */
export function distributionOfStatistics(stats: Statistics): Distribution | null {
  if (stats.status === 'no-samples') return null;
  const p = (pct: number): number => stats.percentiles[percentileKey(pct)] as number;
  return {
    count: stats.count,
    avg: stats.avg,
    min: stats.min,
    p50: p(50),
    p90: p(90),
    p95: p(95),
    p99: p(99),
    max: stats.max,
  };
}
