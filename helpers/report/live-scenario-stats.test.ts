import { describe, expect, it } from 'vitest';
import { MetricStore } from '../metrics/metric-store.js';
import { createLiveScenarioStats, liveScenarioStats } from './live-scenario-stats.js';

const OK = { scenario: 'chat_stream', prompt: 'short', status: '200', outcome: 'ok' };
const BAD = { ...OK, status: '503', outcome: 'http-error' };

describe('liveScenarioStats', () => {
  it('takes the p95 TTFT of the most recent values only', () => {
    const store = new MetricStore();
    // 100 old slow values, then 20 recent fast ones: a window of 20 sees only the fast ones.
    for (let i = 0; i < 100; i += 1) store.record('llm_ttft_ms', OK, 5000, 1000 + i);
    for (let i = 0; i < 20; i += 1) store.record('llm_ttft_ms', OK, 100 + i, 2000 + i);
    const stats = liveScenarioStats(store, 20);
    expect(stats.ttftWindowCount).toBe(20);
    expect(stats.ttftP95Ms).toBeCloseTo(118.05, 6);
  });

  it('picks the newest values across series by time', () => {
    const store = new MetricStore();
    store.record('llm_ttft_ms', OK, 10, 1000);
    store.record('llm_ttft_ms', BAD, 900, 3000);
    store.record('llm_ttft_ms', OK, 20, 2000);
    expect(liveScenarioStats(store, 1).ttftP95Ms).toBe(900);
  });

  it('counts failed requests and reads null before the first TTFT', () => {
    const store = new MetricStore();
    store.record('http_req_failed', OK, 0, 1);
    store.record('http_req_failed', BAD, 1, 2);
    store.record('http_req_failed', BAD, 1, 3);
    expect(liveScenarioStats(store)).toEqual({ failed: 2, ttftP95Ms: null, ttftWindowCount: 0 });
  });
});

describe('createLiveScenarioStats', () => {
  it('counts the failures recorded between readings, in new series too, as one whole reading would', () => {
    const store = new MetricStore();
    const live = createLiveScenarioStats();
    store.record('http_req_failed', BAD, 1, 1);
    store.record('http_req_failed', OK, 0, 2);
    expect(live(store).failed).toBe(1);
    expect(live(store).failed).toBe(1);
    store.record('http_req_failed', BAD, 1, 3);
    store.record('http_req_failed', { ...BAD, status: '429' }, 1, 4);
    store.record('http_req_failed', OK, 0, 5);
    expect(live(store).failed).toBe(3);
    expect(liveScenarioStats(store).failed).toBe(3);
  });

  it('reads only the values recorded since its last reading', () => {
    const store = new MetricStore();
    const live = createLiveScenarioStats();
    for (let i = 0; i < 1000; i += 1) store.record('http_req_failed', BAD, 1, i);
    expect(live(store).failed).toBe(1000);
    // A value changed in place behind its back is not read again: the sum was kept.
    const [series] = [...store.series('http_req_failed')];
    (series?.values as Float64Array)[0] = 0;
    expect(live(store).failed).toBe(1000);
    expect(liveScenarioStats(store).failed).toBe(999);
  });
});
