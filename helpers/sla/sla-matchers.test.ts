import { beforeAll, describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { attachSlaResult } from './attach-sla-result.js';
import { checkSla, type SlaResult } from './check-sla.js';
import { registerSlaMatchers } from './sla-matchers.js';

const TTFT = 'llm_ttft_ms{scenario:chat_stream,status:200}';

function storeWithTtft(values: readonly number[]): MetricStore {
  const store = new MetricStore();
  for (const ttftMs of values) recordSample(store, fakeSample({ ttftMs }), 0);
  return store;
}

// 100 .. 1000: p(95) = 955.
const store = storeWithTtft(Array.from({ length: 10 }, (_, i) => (i + 1) * 100));

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  throw new Error('the assertion passed');
}

beforeAll(() => {
  registerSlaMatchers();
});

describe('toMeetThreshold', () => {
  it('passes when the threshold holds', () => {
    expect(store).toMeetThreshold(TTFT, 'p(95)<1000');
  });

  it('fails with the SLA report as the message', () => {
    const message = failureOf(() => expect(store).toMeetThreshold(TTFT, 'p(95)<900'));
    expect(message).toContain('SLA failed: llm_ttft_ms{scenario:chat_stream,status:200} p(95)<900');
    expect(message).toContain(
      'p(95) = 955 ms, 95% CI >= 800 (too few values for an upper bound) (must be < 900)',
    );
    expect(message).toContain('n = 10 (minimum 10)');
    expect(message).toContain('p50 550  p90 910  p95 955  p99 991  max 1000  (ms)');
  });

  it('fails over zero samples and says why', () => {
    const message = failureOf(() => expect(new MetricStore()).toMeetThreshold(TTFT, 'p(95)<1000'));
    expect(message).toContain('SLA failed (no samples)');
    expect(message).toContain('no requests were made for {scenario:chat_stream}');
  });

  it('fails with too few samples unless minSamples allows them', () => {
    const few = storeWithTtft([100, 200, 300]);
    expect(failureOf(() => expect(few).toMeetThreshold(TTFT, 'p(95)<1000'))).toContain(
      'SLA failed (too few samples)',
    );
    expect(few).toMeetThreshold(TTFT, 'p(95)<1000', { minSamples: 3 });
  });

  it('passes .not when the SLA fails, and fails .not when it passes', () => {
    expect(store).not.toMeetThreshold(TTFT, 'p(95)<900');
    const message = failureOf(() => expect(store).not.toMeetThreshold(TTFT, 'p(95)<1000'));
    expect(message).toContain('Expected the SLA not to pass, but it passed.');
  });

  it('hands every result to onResult, for task.meta', () => {
    const results: SlaResult[] = [];
    expect(store).toMeetThreshold(TTFT, 'p(95)<1000', { onResult: (r) => results.push(r) });
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('pass');
  });

  it('attaches results to task.meta.slaResults through onResult', ({ task }) => {
    expect(store).toMeetThreshold(TTFT, 'p(95)<1000', {
      onResult: (r) => attachSlaResult(task, r),
    });
    expect(store).toMeetThreshold(TTFT, 'max<=1000', { onResult: (r) => attachSlaResult(task, r) });
    expect(task.meta.slaResults?.map((r) => r.threshold)).toEqual(['p(95)<1000', 'max<=1000']);
  });

  it('throws the parse error for a bad threshold', () => {
    expect(() => expect(store).toMeetThreshold(TTFT, 'p(95) < 1 s')).toThrow(
      /Threshold "p\(95\) < 1 s"/,
    );
  });

  it('refuses anything but a MetricStore', () => {
    expect(() => expect({}).toMeetThreshold(TTFT, 'p(95)<1000')).toThrow(
      'toMeetThreshold: expect() must receive a MetricStore, got Object.',
    );
  });
});

describe('toMeetThresholds', () => {
  it('passes when every threshold of the map holds', () => {
    expect(store).toMeetThresholds({
      [TTFT]: ['p(95)<1000', 'avg<600'],
      http_req_failed: ['rate<0.01'],
    });
  });

  it('fails listing only the failed thresholds, with a count', () => {
    const message = failureOf(() =>
      expect(store).toMeetThresholds({ [TTFT]: ['p(95)<1000', 'p(99)<900', 'max<800'] }),
    );
    expect(message).toMatch(/^1 of 3 SLAs passed\./);
    expect(message).toContain('p(99)<900');
    expect(message).toContain('max<800');
    expect(message).not.toContain('SLA passed');
  });

  it('fails on an empty map instead of passing vacuously', () => {
    expect(failureOf(() => expect(store).toMeetThresholds({}))).toContain(
      'the threshold map is empty',
    );
  });
});

describe('toPassSla', () => {
  it('passes for a result with status pass and fails with its message otherwise', () => {
    expect(checkSla(store, TTFT, 'p(95)<1000')).toPassSla();
    const failed = checkSla(store, TTFT, 'p(95)<900');
    expect(failureOf(() => expect(failed).toPassSla())).toBe(failed.message);
  });

  it('fails for something that is not an SLA result', () => {
    expect(failureOf(() => expect(42).toPassSla())).toContain('expected an SlaResult');
  });
});
