import { formatNumber } from '../metrics/format-number.js';
import type { PercentileInterval } from '../metrics/percentile-interval.js';

/**
 * `95% CI 790-845`; a side the sample is too small to bound is said so:
 * `95% CI >= 790 (too few values for an upper bound)`.
 */
export function formatSlaInterval(interval: PercentileInterval): string {
  const label = `${Number((interval.confidence * 100).toPrecision(4))}% CI`;
  const { lower, upper } = interval;
  if (lower !== null && upper !== null)
    return `${label} ${formatNumber(lower)}-${formatNumber(upper)}`;
  if (lower !== null)
    return `${label} >= ${formatNumber(lower)} (too few values for an upper bound)`;
  if (upper !== null)
    return `${label} <= ${formatNumber(upper)} (too few values for a lower bound)`;
  return `${label} unbounded (too few values)`;
}
