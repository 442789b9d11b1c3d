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
  /**
   * Median TTFT (ms) of the successful requests started in the first and in the last quarter
   * of the window (null with fewer than 5 each): a queue shows as a rising TTFT.
   */
  ttftFirstQuarterMs: number | null;
  ttftLastQuarterMs: number | null;
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
  const medianStartedIn = (from: number, to: number): number | null => {
    const values = ttft.values.filter((_, i) => {
      const t = (ttft.timesEpochMs as Float64Array)[i] as number;
      return t >= from && t < to;
    });
    return values.length < 5 ? null : percentileOfSorted(sortFloat64(values), 50);
  };
  return {
    ttftFirstQuarterMs: medianStartedIn(fromEpochMs, fromEpochMs + quarter),
    ttftLastQuarterMs: medianStartedIn(toEpochMs - quarter, toEpochMs),
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

function matches(tags: TagValues, wanted: TagValues): boolean {
  for (const [name, value] of Object.entries(wanted)) if (tags[name] !== value) return false;
  return true;
}
