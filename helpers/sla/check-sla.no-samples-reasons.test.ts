import { describe, expect, it } from 'vitest';
import { type FakeSampleOverrides, fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla } from './check-sla.js';

function repeat(
  store: MetricStore,
  times: number,
  overrides: FakeSampleOverrides,
  scheduleLagMs: number | null = 0,
): MetricStore {
  for (let i = 0; i < times; i += 1) recordSample(store, fakeSample(overrides), scheduleLagMs);
  return store;
}

function reasonOf(store: MetricStore, selector: string, threshold = 'p(95)<1000'): string {
  const result = checkSla(store, selector, threshold);
  if (result.status !== 'no-samples') throw new Error(`expected no-samples, got ${result.status}`);
  return result.reason;
}

const NO_RESPONSE: FakeSampleOverrides = {
  ttfbMs: null,
  ttftMs: null,
  ttfcMs: null,
  outcome: { kind: 'timeout', phase: 'connect' },
  tags: { status: '0' },
};

describe('checkSla says why there are no samples', () => {
  it('names no scope when the selector has no scenario or prompt', () => {
    expect(reasonOf(new MetricStore(), 'llm_ttft_ms')).toBe(
      'no requests were made (http_reqs is 0)',
    );
  });

  it('gives no status when every request failed before any response came', () => {
    const store = repeat(new MetricStore(), 3, NO_RESPONSE);
    expect(reasonOf(store, 'llm_ttft_ms{scenario:chat_stream}')).toBe(
      'every request failed for {scenario:chat_stream}: 3 of 3 had outcome timeout-connect',
    );
  });

  it('lists several outcomes, largest first, and no status when none had a response', () => {
    const store = repeat(new MetricStore(), 2, NO_RESPONSE);
    repeat(store, 5, {
      ...NO_RESPONSE,
      outcome: { kind: 'connection-error', code: 'ECONNREFUSED', message: 'refused' },
    });
    expect(reasonOf(store, 'llm_ttft_ms{scenario:chat_stream}')).toBe(
      'every request failed for {scenario:chat_stream}: 7 of 7 (connection-error: 5, timeout-connect: 2)',
    );
  });

  it('lists the statuses of failed requests largest first', () => {
    const fail = (status: number, times: number, store: MetricStore) =>
      repeat(store, times, {
        ...NO_RESPONSE,
        outcome: { kind: 'http-error', status, message: 'no' },
        tags: { status: String(status) },
      });
    const store = fail(503, 6, fail(429, 2, new MetricStore()));
    expect(reasonOf(store, 'llm_ttft_ms')).toBe(
      'every request failed: 8 of 8 had outcome http-error (status 503: 6, 429: 2)',
    );
  });

  it('lists every excluding tag with its values, most requests first, from the scope only', () => {
    const store = repeat(new MetricStore(), 2, { tags: { model: 'small' } });
    repeat(store, 5, { tags: { model: 'large', stream: 'false' } });
    repeat(store, 9, { tags: { scenario: 'other', model: 'elsewhere' } });
    expect(reasonOf(store, 'llm_ttft_ms{scenario:chat_stream,model:huge,stream:maybe}')).toBe(
      'none of the 7 requests for {scenario:chat_stream} match ' +
        '{scenario:chat_stream,model:huge,stream:maybe}; ' +
        'seen model: large (5), small (2); stream: false (5), true (2)',
    );
  });

  it('names the requests of other scopes when the selected scope has none', () => {
    const store = repeat(new MetricStore(), 3, { tags: { scenario: 'chat_nonstream' } });
    expect(reasonOf(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short}')).toBe(
      'no requests were made for {scenario:chat_stream,prompt:short} (http_reqs is 0); ' +
        'the store has requests for {scenario:chat_nonstream,prompt:short}: 3',
    );
  });

  it('explains a store filled by hand, without outcome, status or prompt tags', () => {
    const store = new MetricStore();
    for (let i = 0; i < 4; i += 1) store.record('http_reqs', { scenario: 'x' }, 1, i);
    expect(reasonOf(store, 'llm_ttft_ms{scenario:x}')).toBe(
      'every request failed for {scenario:x}: 4 of 4 had outcome unknown (status unknown: 4)',
    );
    expect(reasonOf(store, 'llm_ttft_ms{scenario:y,prompt:short}')).toBe(
      'no requests were made for {scenario:y,prompt:short} (http_reqs is 0); ' +
        'the store has requests for {scenario:x,prompt:(none)}: 4',
    );
  });

  it('says (none) for a selector tag the matching requests do not carry', () => {
    const store = new MetricStore();
    for (let i = 0; i < 4; i += 1) {
      store.record('http_reqs', { scenario: 'x', outcome: 'ok', status: '200' }, 1, i);
    }
    expect(reasonOf(store, 'llm_ttft_ms{scenario:x,model:m}')).toBe(
      'none of the 4 requests for {scenario:x} match {scenario:x,model:m}; seen model: (none) (4)',
    );
  });

  it('names a metric without a known cause plainly', () => {
    const store = repeat(new MetricStore(), 3, { totalMs: null });
    expect(reasonOf(store, 'llm_total_ms{scenario:chat_stream}')).toBe(
      '3 requests match {scenario:chat_stream}, but none recorded llm_total_ms',
    );
  });

  it.each<[string, FakeSampleOverrides, string]>([
    ['llm_ttfb_ms', { ttfbMs: null }, 'no response headers arrived'],
    ['llm_ttft_ms', { ttftMs: null }, 'no output-bearing event arrived'],
    ['llm_ttfc_ms', { ttfcMs: null }, 'no event carried delta.content'],
    ['llm_input_tokens', { inputTokens: null }, 'no response carried usage.prompt_tokens'],
    ['llm_tpot_ms', { tpotMs: null }, 'it needs streams with at least 2 output tokens'],
    [
      'llm_decode_tokens_per_sec',
      { decodeTokensPerSec: null },
      'it needs streams with at least 2 output tokens',
    ],
    ['llm_itl_ms', { itlMs: [] }, 'it needs streams with at least 2 output events'],
    ['llm_stall_ms', { stallMs: null }, 'it needs streams with at least 2 output events'],
  ])('says why %s is missing from requests that were made', (metric, overrides, cause) => {
    const store = repeat(new MetricStore(), 3, overrides);
    expect(reasonOf(store, `${metric}{scenario:chat_stream}`, 'max<1000')).toBe(
      `3 requests match {scenario:chat_stream}, but none recorded ${metric} (${cause})`,
    );
  });

  it('says the scheduler recorded no lag when requests came without one', () => {
    const store = repeat(new MetricStore(), 3, {}, null);
    expect(reasonOf(store, 'schedule_lag_ms{scenario:chat_stream}', 'max<1000')).toBe(
      '3 requests match {scenario:chat_stream}, but none recorded schedule_lag_ms ' +
        '(the scheduler recorded no lag for these requests)',
    );
  });
});
