import { MetricStore } from './metric-store.js';

/**
 * A new store with the points of `store` whose time (a request's start, a drop's moment) is in
 * [fromEpochMs, toEpochMs): the judged window of a load step, without its warm-up.
 */
export function storeWindow(
  store: MetricStore,
  fromEpochMs: number,
  toEpochMs: number = Number.POSITIVE_INFINITY,
): MetricStore {
  const window = new MetricStore();
  store.forEachPoint((metric, value, timeEpochMs, tags) => {
    if (timeEpochMs >= fromEpochMs && timeEpochMs < toEpochMs) {
      window.record(metric, tags, value, timeEpochMs);
    }
  });
  return window;
}
