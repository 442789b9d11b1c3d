/** Distribution of `schedule_lag_ms` over the started iterations. */
export interface LagSummary {
  /** Started iterations measured. */
  count: number;
  /** Arithmetic mean, ms; 0 when count is 0. */
  meanMs: number;
  /** Nearest-rank median, ms; 0 when count is 0. */
  p50Ms: number;
  /** Nearest-rank 90th percentile, ms; 0 when count is 0. */
  p90Ms: number;
  /** Nearest-rank 99th percentile, ms; 0 when count is 0. */
  p99Ms: number;
  /** Largest lag, ms; 0 when count is 0. */
  maxMs: number;
}

/** A Float64Array sorted ascending; the brand records that sorting happened. */
export type SortedLags = Float64Array & { readonly __sorted: true };

export function sortLags(lagsMs: Float64Array): SortedLags {
  // Float64Array#sort is numeric (unlike Array#sort) and the copy leaves the input alone.
  return lagsMs.slice().sort() as SortedLags;
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function nearestRank(sorted: SortedLags, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/** Summarises lags (ms). Empty input gives all zeros with count 0, as k6 reads an empty trend. */
export function summarizeLags(lagsMs: Float64Array): LagSummary {
  const sorted = sortLags(lagsMs);
  let sumMs = 0;
  for (const lag of sorted) sumMs += lag;
  return {
    count: sorted.length,
    meanMs: sorted.length === 0 ? 0 : sumMs / sorted.length,
    p50Ms: nearestRank(sorted, 0.5),
    p90Ms: nearestRank(sorted, 0.9),
    p99Ms: nearestRank(sorted, 0.99),
    maxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
  };
}
