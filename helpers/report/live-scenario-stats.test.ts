import { describe, expect, it } from 'vitest';
import { MetricStore } from '../metrics/metric-store.js';
import { liveScenarioStats } from './live-scenario-stats.js';

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
