import type { SampleStatistics, Statistics } from './statistics.js';

/** Sub-buckets per power of two: 2^11, so a bucket is 1/2048 of its octave's lower bound wide. */
export const HISTOGRAM_SUB_BUCKET_BITS = 11;
const SUB_BUCKETS = 1 << HISTOGRAM_SUB_BUCKET_BITS;
const SUB_MASK = SUB_BUCKETS - 1;

/** Smallest power of two with buckets of its own: values below 2^-20 ms (~1 ns) share one. */
export const HISTOGRAM_MIN_EXPONENT = -20;
/** Octaves kept: 2^-20 up to 2^44 (about 560 years in ms); larger values fall in the last bucket. */
const OCTAVES = 64;
const BIASED_MIN = HISTOGRAM_MIN_EXPONENT + 1023;
const LOW_LIMIT = 2 ** HISTOGRAM_MIN_EXPONENT;
/** Upper end of the range where `HISTOGRAM_RELATIVE_ERROR` holds. */
export const HISTOGRAM_HIGH_LIMIT = 2 ** (HISTOGRAM_MIN_EXPONENT + OCTAVES);

/**
 * Largest relative error of a percentile read from the histogram (values in
 * [2^-20, 2^44) ms): half a bucket, 2^-12 = 0.0244 % (better than 3 significant digits).
 */
export const HISTOGRAM_RELATIVE_ERROR = 2 ** -(HISTOGRAM_SUB_BUCKET_BITS + 1);

/** Index of the shared bucket of values below 2^-20 (zero, negatives); octave buckets follow. */
export const LOW_BUCKET_INDEX = 0;

// Reads the IEEE 754 exponent and top mantissa bits of a double: its log-linear bucket,
// without Math.log2 (a few ns per value on the per-event path).
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The summary fields of a histogram (also what the samples file stores of it). */
export interface HistogramTotals {
  /** Values recorded. */
  count: number;
  /** Values exactly 0. */
  zeroCount: number;
  /** Sum of the values (Neumaier-compensated): `sum + sumCompensation` is the best estimate. */
  sum: number;
  /** Compensation term of the sum. */
  sumCompensation: number;
  /** Smallest value; +Infinity when empty. */
  min: number;
  /** Largest value; -Infinity when empty. */
  max: number;
}

/**
 * A mergeable log-linear histogram of finite values (HdrHistogram's idea on doubles): per power
 * of two, 2048 equal buckets. Count, zero count, min, max and sum are exact (the sum as exact as
 * compensated float addition); a percentile is within `HISTOGRAM_RELATIVE_ERROR` of the exact
 * one (k6's interpolation between ranks) for values in [2^-20, 2^44). Merging adds bucket
 * counts, so a merge of histograms equals the histogram of all their values.
 */
export class LogHistogram {
  private readonly octaves: (Float64Array | undefined)[] = new Array(OCTAVES);
  private lowCount = 0;
  private totals: HistogramTotals = emptyTotals();

  /** Values recorded. */
  get count(): number {
    return this.totals.count;
  }

  /** Sum of the values. */
  get sum(): number {
    return this.totals.sum + this.totals.sumCompensation;
  }

  /** A copy of the exact summary fields. */
  get summary(): HistogramTotals {
    return { ...this.totals };
  }

  /** Records one finite value; throws RangeError for NaN or an infinity. */
  record(value: number): void {
    if (!Number.isFinite(value)) {
      throw new RangeError(`LogHistogram.record: ${value} is not a finite number`);
    }
    const t = this.totals;
    if (value < LOW_LIMIT) {
      this.lowCount += 1;
      if (value === 0) t.zeroCount += 1;
    } else {
      F64[0] = value;
      const hi = U32[HI] as number;
      let octave = (hi >>> 20) - BIASED_MIN;
      let sub = (hi >>> (20 - HISTOGRAM_SUB_BUCKET_BITS)) & SUB_MASK;
      if (octave >= OCTAVES) {
        octave = OCTAVES - 1;
        sub = SUB_MASK;
      }
      let counts = this.octaves[octave];
      if (counts === undefined) {
        counts = new Float64Array(SUB_BUCKETS);
        this.octaves[octave] = counts;
      }
      counts[sub] = (counts[sub] as number) + 1;
    }
    t.count += 1;
    addToSum(t, value);
    if (value < t.min) t.min = value;
    if (value > t.max) t.max = value;
  }

  /** Adds every value of `other` to this histogram; returns this. */
  merge(other: LogHistogram): this {
    this.lowCount += other.lowCount;
    for (let o = 0; o < OCTAVES; o += 1) {
      const from = other.octaves[o];
      if (from === undefined) continue;
      const to = this.octaveCounts(o);
      for (let s = 0; s < SUB_BUCKETS; s += 1) to[s] = (to[s] as number) + (from[s] as number);
    }
    mergeTotals(this.totals, other.totals);
    return this;
  }

  /**
   * Calls `visit(index, count)` for each bucket whose count differs from `previous`'s (every
   * non-empty bucket when `previous` is null), with the difference: what a samples file
   * appends since its last flush.
   */
  forEachBucketDelta(
    previous: LogHistogram | null,
    visit: (index: number, count: number) => void,
  ): void {
    const lowDelta = this.lowCount - (previous?.lowCount ?? 0);
    if (lowDelta !== 0) visit(LOW_BUCKET_INDEX, lowDelta);
    for (let o = 0; o < OCTAVES; o += 1) {
      const now = this.octaves[o];
      if (now === undefined) continue;
      const before = previous?.octaves[o];
      const base = 1 + o * SUB_BUCKETS;
      for (let s = 0; s < SUB_BUCKETS; s += 1) {
        const delta = (now[s] as number) - (before === undefined ? 0 : (before[s] as number));
        if (delta !== 0) visit(base + s, delta);
      }
    }
  }

  /** Adds `count` values to bucket `index` (from `forEachBucketDelta`); totals are not touched. */
  addBucketCount(index: number, count: number): void {
    if (!Number.isInteger(index) || index < 0 || index > OCTAVES * SUB_BUCKETS) {
      throw new RangeError(
        `LogHistogram: bucket index ${index} is outside 0..${OCTAVES * SUB_BUCKETS}`,
      );
    }
    if (index === LOW_BUCKET_INDEX) {
      this.lowCount += count;
      return;
    }
    const flat = index - 1;
    const counts = this.octaveCounts(flat >>> HISTOGRAM_SUB_BUCKET_BITS);
    const sub = flat & SUB_MASK;
    counts[sub] = (counts[sub] as number) + count;
  }

  /** Sets the exact summary fields (a reader restoring a histogram from its buckets and totals). */
  setTotals(totals: HistogramTotals): void {
    this.totals = { ...totals };
  }

  /** Number of values the buckets hold (equals `count` unless restored inconsistently). */
  bucketTotal(): number {
    let total = this.lowCount;
    for (const counts of this.octaves) {
      if (counts === undefined) continue;
      for (let s = 0; s < SUB_BUCKETS; s += 1) total += counts[s] as number;
    }
    return total;
  }

  /** A deep copy. */
  clone(): LogHistogram {
    return new LogHistogram().merge(this);
  }

  /**
   * Statistics in the shape of `computeStatistics`: count, sum, min, max, avg and `rate`,
   * `passes`, `fails` (non-zero vs zero values) exact; med and percentiles by k6's
   * interpolation between ranks, each rank's value read from its bucket.
   */
  statistics(percentilesPct: readonly number[]): Statistics {
    for (const pct of percentilesPct) {
      if (!(pct >= 0 && pct <= 100)) {
        throw new RangeError(`percentile ${pct} is outside [0, 100]; write e.g. 95 for p(95).`);
      }
    }
    const t = this.totals;
    if (t.count === 0) return { status: 'no-samples', count: 0 };
    const percentiles: Record<`p(${number})`, number> = {};
    for (const pct of percentilesPct) percentiles[`p(${pct})`] = this.percentile(pct);
    const sum = this.sum;
    const passes = t.count - t.zeroCount;
    const stats: SampleStatistics = {
      status: 'samples',
      count: t.count,
      sum,
      min: t.min,
      max: t.max,
      avg: sum / t.count,
      med: this.percentile(50),
      rate: passes / t.count,
      passes,
      fails: t.zeroCount,
      percentiles,
    };
    return stats;
  }

  /** p(pct) by k6's interpolation: x[floor(i)] + frac(i) * (x[ceil(i)] - x[floor(i)]), i = pct/100 * (n-1). */
  percentile(pct: number): number {
    const n = this.totals.count;
    if (n === 0) return Number.NaN;
    const i = (pct / 100) * (n - 1);
    const lo = Math.floor(i);
    const low = this.valueAtRank(lo);
    if (lo === i) return low;
    const high = this.valueAtRank(lo + 1);
    return low + (i - lo) * (high - low);
  }

  /** Value of the rank-th smallest value (0-based): exact at the ends, else its bucket's middle. */
  private valueAtRank(rank: number): number {
    const { min, max, count } = this.totals;
    if (rank <= 0) return min;
    if (rank >= count - 1) return max;
    let seen = this.lowCount;
    // Values below 2^-20: 0 unless every one of them is negative.
    if (rank < seen) return clamp(0, min, max);
    for (let o = 0; o < OCTAVES; o += 1) {
      const counts = this.octaves[o];
      if (counts === undefined) continue;
      for (let s = 0; s < SUB_BUCKETS; s += 1) {
        seen += counts[s] as number;
        if (rank < seen) {
          const width = 2 ** (o + HISTOGRAM_MIN_EXPONENT - HISTOGRAM_SUB_BUCKET_BITS);
          const low = 2 ** (o + HISTOGRAM_MIN_EXPONENT) + s * width;
          return clamp(low + width / 2, min, max);
        }
      }
    }
    return max;
  }

  private octaveCounts(octave: number): Float64Array {
    let counts = this.octaves[octave];
    if (counts === undefined) {
      counts = new Float64Array(SUB_BUCKETS);
      this.octaves[octave] = counts;
    }
    return counts;
  }
}

function emptyTotals(): HistogramTotals {
  return {
    count: 0,
    zeroCount: 0,
    sum: 0,
    sumCompensation: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  };
}

// Neumaier's variant of Kahan summation: the error of each addition goes to the compensation.
function addToSum(t: HistogramTotals, value: number): void {
  const next = t.sum + value;
  if (Math.abs(t.sum) >= Math.abs(value)) t.sumCompensation += t.sum - next + value;
  else t.sumCompensation += value - next + t.sum;
  t.sum = next;
}

function mergeTotals(into: HistogramTotals, from: HistogramTotals): void {
  into.count += from.count;
  into.zeroCount += from.zeroCount;
  addToSum(into, from.sum);
  into.sumCompensation += from.sumCompensation;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}
