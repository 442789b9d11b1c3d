/** Distribution of a set of millisecond values (errors, lags, gaps). */
export interface MsSummary {
  /** Values summarised; 0 means every other field is NaN (written as null in JSON). */
  count: number;
  /** Smallest value, ms. */
  minMs: number;
  /** Arithmetic mean, ms. */
  meanMs: number;
  /** Nearest-rank median, ms. */
  p50Ms: number;
  /** Nearest-rank 99th percentile, ms. */
  p99Ms: number;
  /** Largest value, ms. */
  maxMs: number;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p of them at or below it. */
export function nearestRankOfSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * Summarises values (any order; the input is not changed). Empty input gives count 0 and
 * NaN elsewhere, so a goal on it can never pass by accident.
 */
export function summarizeMs(values: ArrayLike<number>): MsSummary {
  // Float64Array#sort is numeric, unlike Array#sort.
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  let sumMs = 0;
  for (const value of sorted) sumMs += value;
  return {
    count,
    minMs: count === 0 ? Number.NaN : (sorted[0] as number),
    meanMs: count === 0 ? Number.NaN : sumMs / count,
    p50Ms: nearestRankOfSorted(sorted, 0.5),
    p99Ms: nearestRankOfSorted(sorted, 0.99),
    maxMs: count === 0 ? Number.NaN : (sorted[count - 1] as number),
  };
}
