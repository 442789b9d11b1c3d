import type { MetricStore } from '../metrics/metric-store.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../metrics/statistics.js';

/** Default of `liveScenarioStats`'s `recentCount`: how many recent TTFT values the p95 covers. */
export const LIVE_TTFT_WINDOW = 200;

/** Cheap figures of a running scenario for the progress line (computed once a second). */
export interface LiveScenarioStats {
  /** Requests that failed so far (sum of `http_req_failed`). */
  failed: number;
  /** p95 of the most recent TTFT values (k6 percentile method); null before the first one. */
  ttftP95Ms: number | null;
  /** Number of TTFT values the p95 covers: at most the window size. */
  ttftWindowCount: number;
}

/**
 * Live figures from a worker's store: the failed count, and the p95 TTFT of the `recentCount`
 * values recorded last (by request start time). Reads at most `recentCount` TTFT values per
 * series; for one reading, every failed value is summed (see `createLiveScenarioStats`).
 */
export function liveScenarioStats(
  store: MetricStore,
  recentCount: number = LIVE_TTFT_WINDOW,
): LiveScenarioStats {
  return createLiveScenarioStats(recentCount)(store);
}

/**
 * `liveScenarioStats` for one store read again and again (once a second while its scenario
 * runs): each call sums only the `http_req_failed` values recorded since the last call, so its
 * cost does not grow with the run (summing every value each second would, quadratically in all).
 * Series only grow; the counts are kept per series.
 */
export function createLiveScenarioStats(
  recentCount: number = LIVE_TTFT_WINDOW,
): (store: MetricStore) => LiveScenarioStats {
  // Per series (its tags object, stable for the series' life): values summed so far.
  const counted = new WeakMap<object, { length: number; sum: number }>();
  return (store) => {
    let failed = 0;
    for (const series of store.series('http_req_failed')) {
      let seen = counted.get(series.tags);
      if (seen === undefined) {
        seen = { length: 0, sum: 0 };
        counted.set(series.tags, seen);
      }
      const values = series.values;
      for (let i = seen.length; i < values.length; i += 1) seen.sum += values[i] as number;
      seen.length = values.length;
      failed += seen.sum;
    }
    return { failed, ...recentTtftP95(store, recentCount) };
  };
}

function recentTtftP95(
  store: MetricStore,
  recentCount: number,
): Pick<LiveScenarioStats, 'ttftP95Ms' | 'ttftWindowCount'> {
  const recent: { timeMs: number; value: number }[] = [];
  for (const series of store.series('llm_ttft_ms')) {
    const from = Math.max(0, series.values.length - recentCount);
    for (let i = from; i < series.values.length; i += 1) {
      recent.push({ timeMs: series.timesEpochMs[i] as number, value: series.values[i] as number });
    }
  }
  // Several series (status, outcome): keep the newest values across all of them.
  recent.sort((a, b) => b.timeMs - a.timeMs);
  const window = recent.slice(0, recentCount);
  const sorted = sortFloat64(Float64Array.from(window, (point) => point.value));
  return {
    ttftP95Ms: percentileOfSorted(sorted, 95),
    ttftWindowCount: window.length,
  };
}
