import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import type { RequestSlo } from '../metrics/request-slo.js';
import { checkSla } from './check-sla.js';

const NONE: RequestSlo = { ttftMs: null, tpotMs: null, totalMs: null };

describe('checkSla on llm_goodput', () => {
  it('is an ordinary threshold, and says why it has no samples without an objective', () => {
    const store = new MetricStore();
    for (let i = 0; i < 20; i += 1) {
      recordSample(store, fakeSample({ ttftMs: i < 19 ? 100 : 900 }), 0, { ...NONE, ttftMs: 500 });
    }
    expect(checkSla(store, 'llm_goodput{scenario:chat_stream}', 'rate>0.9')).toMatchObject({
      status: 'pass',
      measured: 0.95,
    });
    const none = new MetricStore();
    recordSample(none, fakeSample(), 0);
    const result = checkSla(none, 'llm_goodput{scenario:chat_stream}', 'rate>0.9');
    expect(result.status).toBe('no-samples');
    expect(result.message).toContain(
      'it is recorded only with SLO_TTFT_MS, SLO_TPOT_MS or SLO_TOTAL_MS set',
    );
  });
});
