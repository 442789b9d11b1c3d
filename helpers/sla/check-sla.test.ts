import { describe, expect, it } from 'vitest';
import { type FakeSampleOverrides, fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { MetricsError } from '../metrics/metrics-error.js';
import { recordDroppedIteration, recordSample } from '../metrics/record-sample.js';
import { checkSla, checkSlas } from './check-sla.js';

const TTFT = 'llm_ttft_ms{scenario:chat_stream,status:200}';
const TIMEOUT_FIRST_TOKEN: FakeSampleOverrides = {
  ttftMs: null,
  ttfcMs: null,
  outcome: { kind: 'timeout', phase: 'first-token' },
};

/** Records one request per value, with ttftMs = value. */
function storeWithTtft(
  values: readonly number[],
  overrides: FakeSampleOverrides = {},
): MetricStore {
  const store = new MetricStore();
  for (const ttftMs of values) recordSample(store, fakeSample({ ...overrides, ttftMs }), 0);
  return store;
}

function repeat(store: MetricStore, times: number, overrides: FakeSampleOverrides): MetricStore {
  for (let i = 0; i < times; i += 1) recordSample(store, fakeSample(overrides), 0);
  return store;
}

// 100, 200, ... 1000: p(95) = 955 (i = 8.55), p(50) = 550, p(90) = 910, p(99) = 991.
const TEN = Array.from({ length: 10 }, (_, i) => (i + 1) * 100);

describe('checkSla on trends', () => {
  it('passes when the percentile meets the threshold, and reports measured, n and distribution', () => {
    const result = checkSla(storeWithTtft(TEN), TTFT, 'p(95)<1000');
    expect(result.status).toBe('pass');
    expect(result.measured).toBeCloseTo(955, 9);
    expect(result.n).toBe(10);
    expect(result.distribution).toEqual({
      p50: expect.closeTo(550, 9),
      p90: expect.closeTo(910, 9),
      p95: expect.closeTo(955, 9),
      p99: expect.closeTo(991, 9),
      max: 1000,
    });
  });

  it('fails when the percentile breaks the threshold', () => {
    expect(checkSla(storeWithTtft(TEN), TTFT, 'p(95)<900').status).toBe('fail');
  });

  it('evaluates avg, med, min, max and count', () => {
    const store = storeWithTtft(TEN);
    expect(checkSla(store, TTFT, 'avg==550')).toMatchObject({ status: 'pass', measured: 550 });
    expect(checkSla(store, TTFT, 'med<=550')).toMatchObject({ status: 'pass', measured: 550 });
    expect(checkSla(store, TTFT, 'min>100')).toMatchObject({ status: 'fail', measured: 100 });
    expect(checkSla(store, TTFT, 'max!=1000')).toMatchObject({ status: 'fail', measured: 1000 });
    expect(checkSla(store, TTFT, 'count>=10')).toMatchObject({ status: 'pass', measured: 10 });
  });

  it('judges only the points whose tags match the selector', () => {
    const store = storeWithTtft(TEN);
    repeat(store, 10, { ttftMs: 99_999, tags: { scenario: 'chat_nonstream' } });
    repeat(store, 10, { ttftMs: 99_999, tags: { prompt: 'cot' } });
    expect(
      checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short}', 'max<=1000'),
    ).toMatchObject({
      status: 'pass',
      n: 10,
    });
  });
});

describe('checkSla with zero samples', () => {
  it('fails when no requests were made and says so', () => {
    const result = checkSla(new MetricStore(), TTFT, 'p(95)<1000');
    expect(result.status).toBe('no-samples');
    expect(result.measured).toBeNull();
    expect(result.status === 'no-samples' && result.reason).toBe(
      'no requests were made for {scenario:chat_stream} (http_reqs is 0)',
    );
    expect(result.message).toContain('no requests were made');
  });

  it('names the scenarios that do have requests, to catch a misspelt scenario', () => {
    const store = repeat(new MetricStore(), 3, { tags: { scenario: 'chat_nonstream' } });
    const result = checkSla(store, TTFT, 'p(95)<1000');
    expect(result.status === 'no-samples' && result.reason).toContain(
      'the store has requests for {scenario:chat_nonstream}: 3',
    );
  });

  it('fails when every request failed, naming the outcome and the count', () => {
    const store = repeat(new MetricStore(), 12, TIMEOUT_FIRST_TOKEN);
    const result = checkSla(store, TTFT, 'p(95)<1000');
    expect(result.status).toBe('no-samples');
    expect(result.message).toContain(
      'every request failed for {scenario:chat_stream}: 12 of 12 had outcome timeout-first-token',
    );
    expect(result.failuresByOutcome).toEqual({ 'timeout-first-token': 12 });
  });

  it('adds the HTTP status when every request failed with one outcome that had a response', () => {
    const store = repeat(new MetricStore(), 12, {
      ...TIMEOUT_FIRST_TOKEN,
      outcome: { kind: 'http-error', status: 429, message: 'slow down' },
      tags: { status: '429' },
    });
    const result = checkSla(store, TTFT, 'p(95)<1000');
    expect(result.status === 'no-samples' && result.reason).toBe(
      'every request failed for {scenario:chat_stream}: 12 of 12 had outcome http-error (status 429: 12)',
    );
  });

  it('lists several failure outcomes and the HTTP statuses when every request failed', () => {
    const store = repeat(new MetricStore(), 8, {
      ...TIMEOUT_FIRST_TOKEN,
      outcome: { kind: 'http-error', status: 503, message: 'overloaded' },
      tags: { status: '503' },
    });
    repeat(store, 4, {
      ...TIMEOUT_FIRST_TOKEN,
      outcome: { kind: 'timeout', phase: 'headers' },
      tags: { status: '0' },
    });
    const result = checkSla(store, TTFT, 'p(95)<1000');
    expect(result.status === 'no-samples' && result.reason).toBe(
      'every request failed for {scenario:chat_stream}: 12 of 12 ' +
        '(http-error: 8, timeout-headers: 4; status 503: 8)',
    );
  });

  it('fails when every scheduled iteration was dropped', () => {
    const store = new MetricStore();
    for (let i = 0; i < 5; i += 1)
      recordDroppedIteration(store, { scenario: 'chat_stream', prompt: 'short' }, i);
    const result = checkSla(store, TTFT, 'p(95)<1000');
    expect(result.status === 'no-samples' && result.reason).toContain(
      'all 5 scheduled iterations were dropped',
    );
    expect(result.droppedIterations).toBe(5);
  });

  it('says which tag excluded the requests when none match the selector', () => {
    const store = repeat(new MetricStore(), 12, {});
    const result = checkSla(store, 'llm_ttft_ms{scenario:chat_stream,model:other}', 'p(95)<1000');
    expect(result.status === 'no-samples' && result.reason).toBe(
      'none of the 12 requests for {scenario:chat_stream} match ' +
        '{scenario:chat_stream,model:other}; seen model: test-model (12)',
    );
  });

  it('says the metric was not recorded when matching requests lack it', () => {
    const store = repeat(new MetricStore(), 12, { queueMs: null });
    const result = checkSla(store, 'llm_queue_ms{scenario:chat_stream}', 'p(95)<100');
    expect(result.status === 'no-samples' && result.reason).toBe(
      '12 requests match {scenario:chat_stream}, but none recorded llm_queue_ms ' +
        '(the server sent no numeric X-Queue-Time header)',
    );
  });

  it('fails http_req_failed with no requests instead of reading the rate as 0', () => {
    expect(checkSla(new MetricStore(), 'http_req_failed', 'rate<0.02').status).toBe('no-samples');
  });

  it('fails a counter threshold when no iterations were scheduled at all', () => {
    expect(checkSla(new MetricStore(), 'dropped_iterations', 'count<1').status).toBe('no-samples');
  });
});

describe('checkSla with too few samples', () => {
  it('fails below minSamples, still reporting the measured value', () => {
    const result = checkSla(storeWithTtft([100, 200, 300, 400]), TTFT, 'p(95)<1000');
    expect(result.status).toBe('too-few-samples');
    expect(result.n).toBe(4);
    expect(result.measured).toBeCloseTo(385, 9);
    expect(result.status === 'too-few-samples' && result.reason).toBe(
      'too few samples to judge: n = 4, fewer than the minimum 10',
    );
  });

  it('judges the same samples once minSamples allows it', () => {
    const result = checkSla(storeWithTtft([100, 200, 300, 400]), TTFT, 'p(95)<1000', {
      minSamples: 4,
    });
    expect(result.status).toBe('pass');
  });

  it('rejects a minSamples below 1', () => {
    expect(() => checkSla(new MetricStore(), TTFT, 'p(95)<1', { minSamples: 0 })).toThrow(
      /SlaOptions.minSamples 0 must be an integer >= 1/,
    );
  });
});

describe('checkSla on rates and counters', () => {
  it('computes http_req_failed as failed requests over requests, n = requests', () => {
    const store = repeat(new MetricStore(), 18, {});
    repeat(store, 2, {
      outcome: { kind: 'http-error', status: 500, message: '' },
      tags: { status: '500' },
    });
    const result = checkSla(store, 'http_req_failed{scenario:chat_stream}', 'rate<0.05');
    expect(result).toMatchObject({ status: 'fail', measured: 0.1, n: 20, distribution: null });
    expect(result.failuresByOutcome).toEqual({ 'http-error': 2 });
    expect(result.requestsByStatus).toEqual({ '200': 18, '500': 2 });
  });

  it('passes dropped_iterations count<1 with none dropped, judged on the requests made', () => {
    const store = repeat(new MetricStore(), 12, {});
    expect(checkSla(store, 'dropped_iterations{scenario:chat_stream}', 'count<1')).toMatchObject({
      status: 'pass',
      measured: 0,
      n: 12,
    });
  });

  it('fails dropped_iterations count<1 when iterations were dropped', () => {
    const store = repeat(new MetricStore(), 12, {});
    recordDroppedIteration(store, { scenario: 'chat_stream', prompt: 'short' }, 0);
    recordDroppedIteration(store, { scenario: 'chat_stream', prompt: 'short' }, 1);
    expect(checkSla(store, 'dropped_iterations{scenario:chat_stream}', 'count<1')).toMatchObject({
      status: 'fail',
      measured: 2,
      n: 14,
    });
  });

  it('reads rate on a counter as per second of durationMs', () => {
    const store = repeat(new MetricStore(), 30, {});
    const result = checkSla(store, 'http_reqs{scenario:chat_stream}', 'rate>=2', {
      durationMs: 10_000,
    });
    expect(result).toMatchObject({ status: 'pass', measured: 3 });
  });

  it('refuses rate on a counter without durationMs', () => {
    expect(() => checkSla(new MetricStore(), 'http_reqs', 'rate>1')).toThrow(
      /rate of a counter is per second of the run; pass SlaOptions.durationMs/,
    );
  });
});

describe('checkSla input errors and results', () => {
  it('throws a MetricsError for a bad selector or threshold', () => {
    const store = new MetricStore();
    expect(() => checkSla(store, 'llm_ttft{scenario:chat_stream}', 'p(95)<1')).toThrow(
      MetricsError,
    );
    expect(() => checkSla(store, TTFT, 'p95<1')).toThrow(/Write percentiles as p\(95\)/);
  });

  it('throws when the aggregation does not fit the metric', () => {
    expect(() => checkSla(new MetricStore(), TTFT, 'rate<0.1')).toThrow(
      /rate does not apply to llm_ttft_ms \(a trend\)/,
    );
    expect(() => checkSla(new MetricStore(), 'http_req_failed', 'p(95)<0.1')).toThrow(
      /p\(95\) does not apply to http_req_failed \(a rate\)/,
    );
  });

  it('counts failures only within the selector scenario and prompt', () => {
    const store = storeWithTtft(TEN);
    repeat(store, 3, { ...TIMEOUT_FIRST_TOKEN, tags: { scenario: 'chat_nonstream' } });
    repeat(store, 2, TIMEOUT_FIRST_TOKEN);
    const result = checkSla(store, TTFT, 'p(95)<1000');
    expect(result.failuresByOutcome).toEqual({ 'timeout-first-token': 2 });
    expect(result.requests).toBe(12);
    expect(result.scope).toEqual({ scenario: 'chat_stream' });
  });

  it('returns plain data that survives JSON and structuredClone', () => {
    const result = checkSla(storeWithTtft(TEN), TTFT, 'p(95)<1000');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(structuredClone(result)).toEqual(result);
  });

  it('checks a k6-shaped threshold map in order', () => {
    const results = checkSlas(storeWithTtft(TEN), {
      [TTFT]: ['p(95)<1000', 'p(99)<900'],
      'http_req_failed{scenario:chat_stream}': ['rate<0.02'],
    });
    expect(results.map((r) => [r.threshold, r.status])).toEqual([
      ['p(95)<1000', 'pass'],
      ['p(99)<900', 'fail'],
      ['rate<0.02', 'pass'],
    ]);
  });
});
