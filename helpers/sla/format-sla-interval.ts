import type { PercentileInterval } from '../metrics/percentile-interval.js';

/**
 * `95% CI 790-845`; a side the sample is too small to bound is said so:
 * `95% CI >= 790 (too few values for an upper bound)`.
 */
export function formatSlaInterval(interval: PercentileInterval): string {
  const label = `${Number((interval.confidence * 100).toPrecision(4))}% CI`;
  const { lower, upper } = interval;
  if (lower !== null && upper !== null) return `${label} ${num(lower)}-${num(upper)}`;
  if (lower !== null) return `${label} >= ${num(lower)} (too few values for an upper bound)`;
  if (upper !== null) return `${label} <= ${num(upper)} (too few values for a lower bound)`;
  return `${label} unbounded (too few values)`;
}

/** Whole numbers from 100 on, else 3 significant digits: 812, 33.4, 0.0312. */
function num(value: number): string {
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
}
