import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { MetricsError } from '../metrics/metrics-error.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla, type SlaOptions } from './check-sla.js';

function storeWithTtft(values: readonly number[]): MetricStore {
  const store = new MetricStore();
  for (const ttftMs of values) recordSample(store, fakeSample({ ttftMs }), 0);
  return store;
}

function slaError(
  store: MetricStore,
  selector: string,
  threshold: string,
  options: SlaOptions,
): MetricsError {
  try {
    checkSla(store, selector, threshold, options);
  } catch (error) {
    if (error instanceof MetricsError) return error;
    throw error;
  }
  throw new Error(`checkSla(${selector}, ${threshold}) did not throw`);
}

describe('checkSla minSamples', () => {
  it('judges a single sample when minSamples is 1', () => {
    const result = checkSla(storeWithTtft([300]), 'llm_ttft_ms', 'p(95)<500', { minSamples: 1 });
    expect(result.status).toBe('pass');
    expect(result.n).toBe(1);
  });

  it.each([0, -3, 2.5, Number.NaN])(
    'rejects minSamples %d, naming the option and the fix',
    (bad) => {
      const error = slaError(storeWithTtft([300]), 'llm_ttft_ms', 'p(95)<500', { minSamples: bad });
      expect(error.code).toBe('sla-bad-option');
      expect(error.input).toBe(String(bad));
      expect(error.example).toBe('minSamples: 10');
      expect(error.message.split('\n')[0]).toBe(
        `SlaOptions.minSamples ${bad} must be an integer >= 1 (MIN_SAMPLES, default 10).`,
      );
    },
  );
});

describe('checkSla durationMs for the rate of a counter', () => {
  const store = storeWithTtft(Array.from({ length: 12 }, () => 100));

  it.each([0, -1000])('refuses durationMs %d, which gives no per-second rate', (durationMs) => {
    const error = slaError(store, 'http_reqs', 'rate>1', { durationMs });
    expect(error.code).toBe('threshold-needs-duration');
    expect(error.input).toBe('rate>1');
    expect(error.example).toBe('count<1');
    expect(error.message.split('\n')[0]).toBe(
      'Threshold "rate>1" on http_reqs: rate of a counter is per second of the run; ' +
        `pass SlaOptions.durationMs (got ${durationMs}).`,
    );
  });

  it('reads 12 requests in 4 s as 3 per second', () => {
    const result = checkSla(store, 'http_reqs', 'rate>=3', { durationMs: 4000 });
    expect(result.status).toBe('pass');
    expect(result.measured).toBe(3);
    expect(result.unit).toBe('requests');
  });
});
