import { describe, expect, it } from 'vitest';
import { fakeSample } from './fake-sample.js';
import { MetricStore } from './metric-store.js';
import {
  METRIC_DEFINITIONS,
  METRIC_NAMES,
  metricDefinition,
  recordDroppedIteration,
  recordIteration,
  recordRequestedTokens,
  recordSample,
  recordVus,
} from './record-sample.js';

function valuesOf(store: MetricStore, metric: string): number[] {
  return [...store.select({ metric, tags: {} }).values];
}

describe('recordSample', () => {
  it('records each trend from the matching sample field', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ queueMs: 7 }), 0.5);
    expect(valuesOf(store, 'llm_ttfb_ms')).toEqual([40]);
    expect(valuesOf(store, 'llm_ttft_ms')).toEqual([120]);
    expect(valuesOf(store, 'llm_ttfc_ms')).toEqual([125]);
    expect(valuesOf(store, 'llm_receiving_ms')).toEqual([360]);
    expect(valuesOf(store, 'llm_total_ms')).toEqual([400]);
    expect(valuesOf(store, 'llm_queue_ms')).toEqual([7]);
    expect(valuesOf(store, 'llm_output_tokens')).toEqual([5]);
    expect(valuesOf(store, 'llm_input_tokens')).toEqual([30]);
    expect(valuesOf(store, 'llm_tokens_per_sec')).toEqual([12.5]);
    expect(valuesOf(store, 'llm_tpot_ms')).toEqual([70]);
    expect(valuesOf(store, 'llm_decode_tokens_per_sec')).toEqual([1000 / 70]);
    expect(valuesOf(store, 'llm_stall_ms')).toEqual([80]);
    expect(valuesOf(store, 'schedule_lag_ms')).toEqual([0.5]);
  });

  it('records http_req_duration with the same value as llm_total_ms', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ totalMs: 812.25 }), null);
    expect(valuesOf(store, 'http_req_duration')).toEqual([812.25]);
  });

  it('puts samples with changing tags in their own series, back and forth', () => {
    const store = new MetricStore();
    for (const status of ['200', '503', '503', '200', '200', '429']) {
      recordSample(store, fakeSample({ tags: { status } }), null);
    }
    const count = (status: string) => store.count({ metric: 'http_reqs', tags: { status } });
    expect([count('200'), count('503'), count('429')]).toEqual([3, 2, 1]);
    const other = new MetricStore();
    recordSample(other, fakeSample(), null);
    expect(other.count({ metric: 'http_reqs', tags: { status: '200' } })).toBe(1);
  });

  it('records one llm_itl_ms value per gap, into its histogram', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ itlMs: [10, 20, 30] }), null);
    expect(store.statistics({ metric: 'llm_itl_ms', tags: {} }, [])).toMatchObject({
      count: 3,
      min: 10,
      max: 30,
      sum: 60,
    });
  });

  it('records no point for a null or non-finite field', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ ttftMs: null, tokensPerSec: Number.POSITIVE_INFINITY }), null);
    expect(valuesOf(store, 'llm_ttft_ms')).toEqual([]);
    expect(valuesOf(store, 'llm_tokens_per_sec')).toEqual([]);
    expect(valuesOf(store, 'llm_queue_ms')).toEqual([]);
    expect(valuesOf(store, 'schedule_lag_ms')).toEqual([]);
    expect(valuesOf(store, 'llm_ttfb_ms')).toEqual([40]);
  });

  it('tags every point with the six sample tags and times it at startEpochMs', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ startEpochMs: 1_763_000_000_500 }), 1);
    const tagSets = new Set<string>();
    store.forEachPoint((_metric, _value, timeEpochMs, tags) => {
      expect(timeEpochMs).toBe(1_763_000_000_500);
      tagSets.add(JSON.stringify(tags));
    });
    expect([...tagSets]).toEqual([
      JSON.stringify({
        model: 'test-model',
        outcome: 'ok',
        prompt: 'short',
        scenario: 'chat_stream',
        status: '200',
        stream: 'true',
      }),
    ]);
  });

  it('records http_req_failed 0 and http_reqs 1 for an ok 2xx request', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample(), null);
    expect(valuesOf(store, 'http_req_failed')).toEqual([0]);
    expect(valuesOf(store, 'http_reqs')).toEqual([1]);
  });

  it('records http_req_failed 1 for a non-2xx status', () => {
    const store = new MetricStore();
    recordSample(
      store,
      fakeSample({
        outcome: { kind: 'http-error', status: 503, message: 'busy' },
        tags: { status: '503' },
      }),
      null,
    );
    expect(valuesOf(store, 'http_req_failed')).toEqual([1]);
  });

  it('records http_req_failed 1 for a 200 whose outcome is not ok', () => {
    const store = new MetricStore();
    recordSample(
      store,
      fakeSample({ outcome: { kind: 'stream-error', error: 'cut', message: 'cut' } }),
      null,
    );
    expect(valuesOf(store, 'http_req_failed')).toEqual([1]);
    expect(store.count({ metric: 'http_reqs', tags: { outcome: 'stream-cut' } })).toBe(1);
  });
});

describe('the turn tag', () => {
  it('is carried by every point of a sample that has one, and only then', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample(), 0);
    recordSample(store, fakeSample({ tags: { turn: '2' } }), null);
    const turns = [...store.series('llm_ttft_ms')].map((series) => series.tags.turn);
    expect(turns).toEqual([undefined, '2']);
    expect(store.select({ metric: 'http_reqs', tags: { turn: '2' } }).values).toHaveLength(1);
  });
});

describe('recordRequestedTokens', () => {
  it('records the requested input and output tokens with the sample tags', () => {
    const store = new MetricStore();
    const sample = fakeSample({ tags: { turn: '1' } });
    recordSample(store, sample, 0);
    recordRequestedTokens(store, sample, 512, 64);
    const [input] = [...store.series('llm_requested_input_tokens')];
    expect(input?.tags).toMatchObject({ prompt: 'short', turn: '1', outcome: 'ok' });
    expect([...(input?.values ?? [])]).toEqual([512]);
    expect(valuesOf(store, 'llm_requested_output_tokens')).toEqual([64]);
  });

  it('records nothing for a length that was not asked for', () => {
    const store = new MetricStore();
    recordRequestedTokens(store, fakeSample(), null, 64);
    expect(valuesOf(store, 'llm_requested_input_tokens')).toEqual([]);
    expect(valuesOf(store, 'llm_requested_output_tokens')).toEqual([64]);
  });
});

describe('recordDroppedIteration', () => {
  it('records 1 with only the scenario and prompt tags', () => {
    const store = new MetricStore();
    recordDroppedIteration(store, { scenario: 'chat_stream', prompt: 'cot' }, 42);
    const [series] = [...store.series('dropped_iterations')];
    expect(series?.tags).toEqual({ prompt: 'cot', scenario: 'chat_stream' });
    expect([...(series?.values ?? [])]).toEqual([1]);
    expect([...(series?.timesEpochMs ?? [])]).toEqual([42]);
  });
});

describe("recordSample: k6's timing split and bytes", () => {
  it('records each phase and byte count from its sample field, and nothing for a null', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample(), 0);
    recordSample(store, fakeSample({ blockedMs: null, dataSentBytes: null }), 0);
    expect(valuesOf(store, 'http_req_blocked')).toEqual([2]);
    expect(valuesOf(store, 'http_req_connecting')).toEqual([1, 1]);
    expect(valuesOf(store, 'http_req_tls_handshaking')).toEqual([0, 0]);
    expect(valuesOf(store, 'http_req_sending')).toEqual([0.1, 0.1]);
    expect(valuesOf(store, 'http_req_waiting')).toEqual([37.9, 37.9]);
    expect(valuesOf(store, 'http_req_receiving')).toEqual([360, 360]);
    expect(valuesOf(store, 'data_sent')).toEqual([300]);
    expect(valuesOf(store, 'data_received')).toEqual([2000, 2000]);
  });
});

describe('METRIC_DEFINITIONS', () => {
  it('lists every metric a request and a dropped iteration record, once each', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ queueMs: 1 }), 0, {
      ttftMs: 500,
      tpotMs: null,
      totalMs: null,
    });
    recordRequestedTokens(store, fakeSample(), 512, 64);
    recordDroppedIteration(store, { scenario: 's', prompt: 'p' }, 0);
    recordIteration(store, { scenario: 's', prompt: 'p' }, 0);
    recordVus(store, { scenario: 's', prompt: 'p' }, 1, 10, 0);
    expect(store.metrics().sort()).toEqual([...METRIC_NAMES].sort());
    expect(new Set(METRIC_NAMES).size).toBe(METRIC_DEFINITIONS.length);
  });

  it('gives the kind and unit of each metric', () => {
    expect(metricDefinition('llm_ttft_ms')).toMatchObject({ kind: 'trend', unit: 'ms' });
    expect(metricDefinition('http_req_failed')).toMatchObject({ kind: 'rate', unit: 'ratio' });
    expect(metricDefinition('http_reqs')).toMatchObject({ kind: 'counter', unit: 'requests' });
    expect(metricDefinition('llm_tokens_per_sec')).toMatchObject({ unit: 'tokens/s' });
    expect(metricDefinition('nope')).toBeUndefined();
  });
});
