import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../metrics/statistics.js';

/** What one segment of a step did, in its judged window: the inputs of the saturation signals. */
export interface SegmentObservation {
  /** Offered arrival rate, requests/s; null for users (closed model). */
  offeredRatePerSec: number | null;
  /** Judged window, epoch ms. */
  fromEpochMs: number;
  toEpochMs: number;
  /** Requests started in the window. */
  started: number;
  /** Requests that ended in the window (any outcome). */
  ended: number;
  /** Requests in flight (started, not ended), averaged over the first and the last quarter. */
  inFlightFirstQuarter: number;
  inFlightLastQuarter: number;
  /** dropped_iterations in the window. */
  dropped: number;
  /** p95 of schedule_lag_ms in the window; null without samples (closed model). */
  scheduleLagP95Ms: number | null;
  /** Arrivals the scheduler started per second of the whole segment; null for users. */
  startedRatePerSec: number | null;
  /** Median TTFT of the successful requests started in the window, ms; null without any. */
  ttftMedianMs: number | null;
  /**
   * How much TTFT rose over the window (Theil-Sen slope of TTFT against start time, times the
   * window's length), ms; null with fewer than 10 requests. A queue shows as a rising TTFT.
   */
  ttftRiseMs: number | null;
}

/**
 * Observes a segment's samples in [fromEpochMs, toEpochMs): starts, ends (start + llm_total_ms),
 * in-flight counts, drops and schedule lag. `store` holds the whole segment (warm-up too), so
 * requests started before the window still count as in flight and as ended in it.
 */
export function observeSegment(
  store: MetricStore,
  scope: TagValues,
  window: { fromEpochMs: number; toEpochMs: number },
  offeredRatePerSec: number | null,
  startedRatePerSec: number | null,
): SegmentObservation {
  const { fromEpochMs, toEpochMs } = window;
  const totals = store.select({ metric: 'llm_total_ms', tags: scope }, { withTimes: true });
  const starts = totals.timesEpochMs ?? new Float64Array(0);
  let started = 0;
  let ended = 0;
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i] as number;
    const end = start + (totals.values[i] as number);
    if (start >= fromEpochMs && start < toEpochMs) started += 1;
    if (end >= fromEpochMs && end < toEpochMs) ended += 1;
  }
  const inFlightAt = (t: number): number => {
    let count = 0;
    for (let i = 0; i < starts.length; i += 1) {
      const start = starts[i] as number;
      if (start <= t && t < start + (totals.values[i] as number)) count += 1;
    }
    return count;
  };
  const quarter = (toEpochMs - fromEpochMs) / 4;
  const meanInFlight = (from: number): number => {
    let sum = 0;
    for (let k = 0; k < 4; k += 1) sum += inFlightAt(from + ((k + 0.5) * quarter) / 4);
    return sum / 4;
  };
  let dropped = 0;
  for (const series of store.series('dropped_iterations')) {
    if (!matches(series.tags, scope)) continue;
    series.timesEpochMs.forEach((t, i) => {
      if (t >= fromEpochMs && t < toEpochMs) dropped += series.values[i] as number;
    });
  }
  const lag = store.select({ metric: 'schedule_lag_ms', tags: scope }, { withTimes: true });
  const lagInWindow = lag.values.filter((_, i) => {
    const t = (lag.timesEpochMs as Float64Array)[i] as number;
    return t >= fromEpochMs && t < toEpochMs;
  });
  const ttft = store.select(
    { metric: 'llm_ttft_ms', tags: { ...scope, outcome: 'ok' } },
    { withTimes: true },
  );
  const points: { t: number; y: number }[] = [];
  ttft.values.forEach((y, i) => {
    const t = (ttft.timesEpochMs as Float64Array)[i] as number;
    if (t >= fromEpochMs && t < toEpochMs) points.push({ t, y });
  });
  const slope = theilSenSlope(points);
  return {
    ttftMedianMs: percentileOfSorted(sortFloat64(Float64Array.from(points, (p) => p.y)), 50),
    ttftRiseMs: slope === null ? null : slope * (toEpochMs - fromEpochMs),
    offeredRatePerSec,
    fromEpochMs,
    toEpochMs,
    started,
    ended,
    inFlightFirstQuarter: meanInFlight(fromEpochMs),
    inFlightLastQuarter: meanInFlight(toEpochMs - quarter),
    dropped,
    scheduleLagP95Ms: percentileOfSorted(sortFloat64(lagInWindow), 95),
    startedRatePerSec,
  };
}

/** Most points the slope uses (evenly picked): its pairs grow as the square. */
const MAX_SLOPE_POINTS = 150;

/**
 * Theil-Sen estimator: the median of the slopes between every pair of points (ms per ms). Robust
 * to outliers, unlike least squares. Null with fewer than 10 points.
 */
export function theilSenSlope(points: readonly { t: number; y: number }[]): number | null {
  if (points.length < 10) return null;
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const stride = Math.max(1, sorted.length / MAX_SLOPE_POINTS);
  const picked: { t: number; y: number }[] = [];
  for (let i = 0; i < sorted.length; i += stride)
    picked.push(sorted[Math.floor(i)] as { t: number; y: number });
  const slopes: number[] = [];
  for (let i = 0; i < picked.length; i += 1) {
    for (let j = i + 1; j < picked.length; j += 1) {
      const a = picked[i] as { t: number; y: number };
      const b = picked[j] as { t: number; y: number };
      if (b.t > a.t) slopes.push((b.y - a.y) / (b.t - a.t));
    }
  }
  return percentileOfSorted(sortFloat64(Float64Array.from(slopes)), 50);
}

function matches(tags: TagValues, wanted: TagValues): boolean {
  for (const [name, value] of Object.entries(wanted)) if (tags[name] !== value) return false;
  return true;
}
