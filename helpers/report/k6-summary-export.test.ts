import { describe, expect, it } from 'vitest';
import { readSuiteConfig } from '../config/suite-config.js';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordIteration, recordSample, recordVus } from '../metrics/record-sample.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import { checkSla } from '../sla/check-sla.js';
import { buildSummaryExport, K6_ROOT_GROUP_ID } from './k6-summary-export.js';
import { collectRunResults } from './run-results.js';
import { summarizeRun } from './scenario-summary.js';
import { syntheticPart } from './testing/synthetic-part.js';

const T0 = 1_795_000_000_000;
const OK = {
  scenario: 'chat_stream',
  prompt: 'short',
  status: '200',
  model: 'm',
  stream: 'true',
  outcome: 'ok',
};
const FAILED = { ...OK, status: '503', outcome: 'http-error' };

/** Four requests with TTFT 100, 200, 300, 400 ms; the last one failed with a 503 after its TTFT. */
/** The samples of each part handCheckedPart made. */
const stores = new WeakMap<ScenarioPart, MetricStore>();

function storeOf(part: ScenarioPart): MetricStore {
  const store = stores.get(part);
  if (store === undefined) throw new Error('build() takes a part from handCheckedPart()');
  return store;
}

function handCheckedPart(): ScenarioPart {
  const store = new MetricStore();
  [100, 200, 300, 400].forEach((ttft, i) => {
    store.record('llm_ttft_ms', i === 3 ? FAILED : OK, ttft, T0 + i * 500);
    store.record('http_reqs', i === 3 ? FAILED : OK, 1, T0 + i * 500);
    store.record('http_req_failed', i === 3 ? FAILED : OK, i === 3 ? 1 : 0, T0 + i * 500);
  });
  store.record('dropped_iterations', { scenario: 'chat_stream', prompt: 'short' }, 1, T0 + 700);
  const part = syntheticPart({ startedEpochMs: T0 });
  const checked: ScenarioPart = {
    ...part,
    slaResults: [
      checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}', 'p(95)<250', {
        minSamples: 1,
      }),
      checkSla(store, 'http_req_failed{scenario:chat_stream,prompt:short}', 'rate<0.5', {
        minSamples: 1,
      }),
    ],
  };
  stores.set(checked, store);
  return checked;
}

function build(
  part: ScenarioPart,
  config = null as Parameters<typeof collectRunResults>[1]['config'],
) {
  const results = collectRunResults([part], {
    config,
    endedEpochMs: T0 + 2000,
    store: storeOf(part),
  });
  return buildSummaryExport(results, summarizeRun(results));
}

describe('buildSummaryExport', () => {
  it("writes k6's --summary-export shape: root_group, and metrics by name and sub-metric", () => {
    const summary = build(handCheckedPart());
    expect(summary.root_group).toEqual({
      name: '',
      path: '',
      id: K6_ROOT_GROUP_ID,
      groups: {},
      checks: {},
    });
    expect(Object.keys(summary.metrics)).toEqual([
      'llm_ttft_ms',
      'llm_ttft_ms{scenario:chat_stream,prompt:short}',
      'llm_ttft_ms{scenario:chat_stream,prompt:short,outcome:ok}',
      'http_req_failed',
      'http_req_failed{scenario:chat_stream,prompt:short}',
      'http_reqs',
      'http_reqs{scenario:chat_stream,prompt:short}',
      'dropped_iterations',
      'dropped_iterations{scenario:chat_stream,prompt:short}',
      'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}',
    ]);
  });

  it('gives trends avg, min, med, max, p(90), p(95), p(99) and count (k6 percentiles)', () => {
    const summary = build(handCheckedPart());
    expect(summary.metrics.llm_ttft_ms).toEqual({
      avg: 250,
      min: 100,
      med: 250,
      max: 400,
      'p(90)': 370,
      'p(95)': 385,
      'p(99)': 397,
      count: 4,
    });
  });

  it('gives rates value, passes and fails, and counters count and rate per second of the run', () => {
    const summary = build(handCheckedPart());
    expect(summary.metrics.http_req_failed).toEqual({ value: 0.25, passes: 1, fails: 3 });
    expect(summary.metrics.http_reqs).toEqual({ count: 4, rate: 2 });
    expect(summary.metrics.dropped_iterations).toEqual({ count: 1, rate: 0.5 });
  });

  it("writes k6's built-ins with a parent wherever a sub-metric is: the timing split, data, iterations, vus", () => {
    const store = new MetricStore();
    const scope = { scenario: 'chat_stream', prompt: 'short' };
    recordSample(store, fakeSample({ startEpochMs: T0 }), 0);
    recordSample(store, fakeSample({ startEpochMs: T0 + 100, connectingMs: 0 }), 0);
    recordIteration(store, scope, T0 + 500);
    recordIteration(store, scope, T0 + 600);
    recordVus(store, scope, 3, 20, T0 + 1000);
    recordVus(store, scope, 1, 20, T0 + 1500);
    const part = syntheticPart({ startedEpochMs: T0 });
    const results = collectRunResults([part], { config: null, endedEpochMs: T0 + 2000, store });
    const { metrics } = buildSummaryExport(results, summarizeRun(results));
    for (const name of [
      'http_req_blocked',
      'http_req_connecting',
      'http_req_tls_handshaking',
      'http_req_sending',
      'http_req_waiting',
      'http_req_receiving',
      'data_sent',
      'data_received',
      'iterations',
      'vus',
      'vus_max',
    ]) {
      expect(metrics[name], name).toBeDefined();
      expect(metrics[`${name}{scenario:chat_stream,prompt:short}`], name).toBeDefined();
    }
    expect(metrics.http_req_connecting).toMatchObject({ min: 0, max: 1, count: 2 });
    expect(metrics.data_sent).toEqual({ count: 600, rate: 300 });
    expect(metrics.iterations).toEqual({ count: 2, rate: 1 });
    // k6's gauge: the latest value and the extremes.
    expect(metrics.vus).toEqual({ value: 1, min: 1, max: 3 });
    expect(metrics.vus_max).toEqual({ value: 20, min: 20, max: 20 });
  });

  it('puts each SLA on its selector as a k6 threshold flag, true when it failed', () => {
    const summary = build(handCheckedPart());
    const ttft = summary.metrics['llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}'];
    expect(ttft).toMatchObject({ 'p(95)': 290, count: 3, thresholds: { 'p(95)<250': true } });
    expect(summary.metrics['http_req_failed{scenario:chat_stream,prompt:short}']).toEqual({
      value: 0.25,
      passes: 1,
      fails: 3,
      thresholds: { 'rate<0.5': false },
    });
    expect(summary.suite.slas).toEqual({ total: 2, passed: 1, failed: 1 });
  });

  it('keeps our own fields under suite: scenarios, run dates, interruption', () => {
    const summary = build(handCheckedPart());
    expect(summary.suite).toMatchObject({
      format: 'llm-perf-summary',
      version: 1,
      startedAt: '2026-11-18T11:06:40.000Z',
      endedAt: '2026-11-18T11:06:42.000Z',
      testRunDurationMs: 2000,
      interrupted: false,
    });
    expect(summary.suite.scenarios[0]).toMatchObject({
      scenario: 'chat_stream',
      prompt: 'short',
      requests: 4,
      ok: 3,
      failed: 1,
      failuresByOutcome: { 'http-error': 1 },
      droppedIterations: 1,
      tokenSources: null,
    });
  });

  it('says which metrics are histogram-backed and how precise their percentiles are', () => {
    const summary = build(handCheckedPart());
    expect(summary.suite.histogramMetrics).toEqual({
      llm_itl_ms: expect.objectContaining({
        storage: 'log-linear histogram',
        percentileRelativeError: 2 ** -12,
      }),
    });
  });

  it('marks API_KEY and LOADTEST_TOKEN only as set or unset in the run configuration', () => {
    const read = readSuiteConfig({ API_KEY: 'sk-test-SECRET' });
    if (!read.ok) throw new Error('config rejected');
    const summary = build(handCheckedPart(), read.config);
    expect(summary.suite.config?.target).toMatchObject({ apiKey: 'set', loadTestToken: 'unset' });
    expect(JSON.stringify(summary)).not.toContain('sk-test-SECRET');
  });
});
