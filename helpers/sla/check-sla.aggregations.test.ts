import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla } from './check-sla.js';

// 100, 200, ... 1000 ms.
const store = new MetricStore();
for (let i = 1; i <= 10; i += 1) recordSample(store, fakeSample({ ttftMs: i * 100 }), 0);

describe('checkSla measures the asked aggregation', () => {
  it('measures a percentile outside the summary set: p(75) of 100..1000 is 775', () => {
    // i = 0.75 * 9 = 6.75 -> 700 + 0.75 * 100.
    const result = checkSla(store, 'llm_ttft_ms', 'p(75)<=775');
    expect(result.measured).toBe(775);
    expect(result.status).toBe('pass');
    expect(result.distribution).toEqual({
      p50: 550,
      p90: 910,
      p95: expect.closeTo(955, 9),
      p99: 991,
      max: 1000,
    });
  });

  it('fails p(75)<775 of the same values: the limit is exclusive', () => {
    expect(checkSla(store, 'llm_ttft_ms', 'p(75)<775').status).toBe('fail');
  });

  it('measures count as the number of values', () => {
    const result = checkSla(store, 'llm_ttft_ms', 'count==10');
    expect(result.measured).toBe(10);
    expect(result.status).toBe('pass');
  });
});
