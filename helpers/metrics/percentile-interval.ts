import type { SortedFloat64Array } from './sorted-float64-array.js';

/** Confidence of `percentileInterval` unless another is asked: 95%. */
export const DEFAULT_CONFIDENCE = 0.95;

/** Above this many values the binomial is replaced by its normal approximation (error < 1 rank). */
const EXACT_LIMIT = 100_000;

/**
 * A distribution-free confidence interval of a percentile: order statistics x(lowerRank) and
 * x(upperRank) (1-based) of the sorted sample. A side is null when the sample is too small to
 * bound it at this confidence (e.g. the upper side of p(95) needs at least 72 values).
 */
export interface PercentileInterval {
  /** The percentile, in [0, 100]. */
  pct: number;
  /** Asked confidence, e.g. 0.95. */
  confidence: number;
  /** Lower bound, in the values' unit; null when unbounded below. */
  lower: number | null;
  /** Upper bound; null when unbounded above. */
  upper: number | null;
  /** 1-based rank of the lower bound; null when unbounded. */
  lowerRank: number | null;
  /** 1-based rank of the upper bound; null when unbounded. */
  upperRank: number | null;
  /** Number of values. */
  n: number;
}

/**
 * The distribution-free confidence interval of the p(pct) of a sample (binomial order
 * statistics). The count of values below the true quantile q = pct/100 is Binomial(n, q), so
 * P(x(l) <= true p(pct) < x(u)) = P(l <= B < u). l is the largest rank with
 * P(B < l) <= (1 - confidence) / 2, u the smallest with P(B >= u) <= (1 - confidence) / 2;
 * the coverage is then at least `confidence` whatever the distribution. Null for no values.
 */
export function percentileInterval(
  sorted: SortedFloat64Array,
  pct: number,
  confidence: number = DEFAULT_CONFIDENCE,
): PercentileInterval | null {
  if (!(pct >= 0 && pct <= 100)) throw new RangeError(`percentile ${pct} is outside [0, 100]`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence ${confidence} is outside (0, 1); write e.g. 0.95`);
  }
  const n = sorted.length;
  if (n === 0) return null;
  const { lowerRank, upperRank } = percentileRanks(n, pct / 100, confidence);
  return {
    pct,
    confidence,
    lower: lowerRank === null ? null : (sorted[lowerRank - 1] as number),
    upper: upperRank === null ? null : (sorted[upperRank - 1] as number),
    lowerRank,
    upperRank,
    n,
  };
}

/**
 * The 1-based ranks of the interval's bounds for n values and quantile q (see
 * `percentileInterval`); null for a side that cannot be bounded with n values.
 */
export function percentileRanks(
  n: number,
  q: number,
  confidence: number = DEFAULT_CONFIDENCE,
): { lowerRank: number | null; upperRank: number | null } {
  const tail = (1 - confidence) / 2;
  const cdf = n <= EXACT_LIMIT ? exactBinomialCdf(n, q) : normalBinomialCdf(n, q);
  // lowerRank l: largest l >= 1 with P(B <= l - 1) <= tail.
  let lowerRank: number | null = null;
  for (let k = 0; k < n && cdf(k) <= tail; k += 1) lowerRank = k + 1;
  // upperRank u: smallest u <= n with P(B <= u - 1) >= 1 - tail.
  let upperRank: number | null = null;
  for (let k = n - 1; k >= 0 && cdf(k) >= 1 - tail; k -= 1) upperRank = k + 1;
  return { lowerRank, upperRank };
}

/** P(B <= k) for B ~ Binomial(n, q), exact: pmf summed in log space, normalised at the end. */
function exactBinomialCdf(n: number, q: number): (k: number) => number {
  const cumulative = new Float64Array(n + 1);
  if (q <= 0 || q >= 1) {
    // Degenerate: every value is below (q = 1) or none is (q = 0).
    for (let k = 0; k <= n; k += 1) cumulative[k] = q >= 1 ? (k === n ? 1 : 0) : 1;
    return (k) => cumulative[k] as number;
  }
  const logQ = Math.log(q);
  const logNotQ = Math.log1p(-q);
  const logPmf = new Float64Array(n + 1);
  let logChoose = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= n; k += 1) {
    if (k > 0) logChoose += Math.log((n - k + 1) / k);
    const value = logChoose + k * logQ + (n - k) * logNotQ;
    logPmf[k] = value;
    if (value > max) max = value;
  }
  let total = 0;
  for (let k = 0; k <= n; k += 1) {
    total += Math.exp((logPmf[k] as number) - max);
    cumulative[k] = total;
  }
  for (let k = 0; k <= n; k += 1) cumulative[k] = (cumulative[k] as number) / total;
  return (k) => cumulative[k] as number;
}

/** Normal approximation with continuity correction, for very large n. */
function normalBinomialCdf(n: number, q: number): (k: number) => number {
  const mean = n * q;
  const sd = Math.sqrt(n * q * (1 - q));
  return (k) => (sd === 0 ? (k >= mean ? 1 : 0) : standardNormalCdf((k + 0.5 - mean) / sd));
}

/** Phi(z), Abramowitz-Stegun 7.1.26 erf (absolute error < 1.5e-7). */
function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
