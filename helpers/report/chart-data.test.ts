import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla } from '../sla/check-sla.js';
import {
  type ChartSpec,
  histogramBins,
  inFlightOverTime,
  scenarioCharts,
  TOKENS_CAPTION,
  targetRateAt,
} from './chart-data.js';
import { syntheticPart, syntheticStore } from './testing/synthetic-part.js';

const T0 = 1_795_000_000_000;

/** A store of hand-made requests of chat_stream/short: start offset, TTFT, total, tokens. */
function storeOf(
  requests: { atMs: number; ttftMs: number; totalMs: number; tokens: number }[],
  tags: { scenario?: string; stream?: 'true' | 'false' } = {},
): MetricStore {
  const store = new MetricStore();
  for (const r of requests) {
    recordSample(
      store,
      fakeSample({
        startEpochMs: T0 + r.atMs,
        ttftMs: r.ttftMs,
        totalMs: r.totalMs,
        outputTokens: r.tokens,
        tags: { prompt: 'short', ...tags } as never,
      }),
      0,
    );
  }
  return store;
}

function chart(charts: ChartSpec[], suffix: string): ChartSpec {
  const found = charts.find((c) => c.id.endsWith(suffix));
  if (found === undefined) throw new Error(`no chart ${suffix} in ${charts.map((c) => c.id)}`);
  return found;
}

describe('targetRateAt', () => {
  const schedule = {
    startRatePerSec: 0,
    stages: [
      { durationMs: 10_000, targetRatePerSec: 4 },
      { durationMs: 20_000, targetRatePerSec: 4 },
      { durationMs: 10_000, targetRatePerSec: 0 },
    ],
  };

  it('ramps linearly within a stage and holds between ramps', () => {
    expect([0, 5_000, 10_000, 25_000, 35_000].map((ms) => targetRateAt(schedule, ms))).toEqual([
      0, 2, 4, 4, 2,
    ]);
  });

  it('is 0 after the schedule', () => {
    expect(targetRateAt(schedule, 40_000)).toBe(0);
  });
});

describe('histogramBins', () => {
  it('counts values into equal bins from min to max, the max in the last bin', () => {
    expect(histogramBins(Float64Array.from([0, 1, 2, 3, 4, 10]), 5)).toEqual({
      x: [1, 3, 5, 7, 9],
      counts: [2, 2, 1, 0, 1],
    });
  });

  it('makes one bin when all values are equal', () => {
    expect(histogramBins(Float64Array.from([7, 7, 7]), 30)).toEqual({ x: [7], counts: [3] });
  });
});

describe('scenarioCharts', () => {
  it('buckets time by second since the start and draws the target rate', () => {
    const options = { requests: 20, ratePerSec: 2, failEvery: 0, dropEvery: 0 };
    const charts = scenarioCharts(syntheticPart(options), syntheticStore(options), 'c');
    const rate = charts.find((c) => c.id === 'c-throughput');
    // 10 s of starts, and a last bucket for the last request's tail (its last byte at 10.8 s).
    expect(rate?.x).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5]);
    expect(rate?.series.map((s) => s.values)).toEqual([
      [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0],
      [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0],
    ]);
  });

  it('says there is nothing to draw when no request succeeded', () => {
    const options = { requests: 10, failEvery: 1 };
    const charts = scenarioCharts(syntheticPart(options), syntheticStore(options), 'c');
    expect(charts.find((c) => c.id === 'c-ttft-hist')?.empty).toBe('no successful requests');
    expect(charts.find((c) => c.id === 'c-latency')?.empty).toBe('no samples');
  });
});

describe('output tokens/s over time', () => {
  const part = syntheticPart({ requests: 10, ratePerSec: 1 });

  it('sums to the output tokens of the successful requests', () => {
    const options = { requests: 37, ratePerSec: 3, failEvery: 5 };
    const store = syntheticStore(options);
    const tokens = chart(scenarioCharts(syntheticPart(options), store, 'c'), '-tokens');
    const perBucketSec = 1; // 1-s buckets: tokens/s is tokens per bucket
    const charted = tokens.series[0]?.values.reduce((a: number, v) => a + (v ?? 0), 0) ?? 0;
    const received = store.sum({
      metric: 'llm_output_tokens',
      tags: { scenario: 'chat_stream', prompt: 'short', outcome: 'ok' },
    });
    expect(received).toBeGreaterThan(0);
    expect(charted * perBucketSec).toBeCloseTo(received, 9);
  });

  it('counts tokens when they arrive: a late stream lands in the late buckets', () => {
    // Starts at 0 s, first token at 5 s, last byte at 9 s: 40 tokens over 4 s.
    const store = storeOf([{ atMs: 0, ttftMs: 5000, totalMs: 9000, tokens: 40 }]);
    const tokens = chart(scenarioCharts(part, store, 'c'), '-tokens');
    expect(tokens.series[0]?.values).toEqual([0, 0, 0, 0, 0, 10, 10, 10, 10, 0]);
    expect(tokens.caption).toBe(TOKENS_CAPTION);
    expect(tokens.caption).toContain('spread evenly between first token and last byte');
  });

  it("pairs each request's tokens with its own TTFT and total when a request has no TTFT", () => {
    // The first request has no TTFT (its tokens count at its last byte, 2 s); the series are
    // then not aligned point for point and are paired by start time.
    const store = storeOf([
      { atMs: 0, ttftMs: Number.NaN, totalMs: 2500, tokens: 10 },
      { atMs: 100, ttftMs: 4900, totalMs: 8900, tokens: 40 },
    ]);
    const tokens = chart(scenarioCharts(part, store, 'c'), '-tokens');
    expect(tokens.series[0]?.values).toEqual([0, 0, 10, 0, 0, 10, 10, 10, 10, 0]);
  });

  it('runs the time axis to the last byte of the last request', () => {
    // The schedule is 10 s; this request starts at 9.5 s, its first token at 13 s, its last
    // byte at 14.5 s: 15 tokens at 10/s.
    const store = storeOf([{ atMs: 9500, ttftMs: 3500, totalMs: 5000, tokens: 15 }]);
    const tokens = chart(scenarioCharts(part, store, 'c'), '-tokens');
    expect(tokens.x).toHaveLength(15);
    expect(tokens.series[0]?.values.slice(12)).toEqual([0, 10, 5]);
  });
});

describe('non-stream charts', () => {
  it('draw no TTFT: a non-stream TTFT is its total time', () => {
    const options = { scenario: 'chat_nonstream', prompt: 'short' } as const;
    const charts = scenarioCharts(syntheticPart(options), syntheticStore(options), 'c');
    expect(charts.map((c) => c.id)).toEqual([
      'c-total-hist',
      'c-latency',
      'c-throughput',
      'c-tokens',
      'c-in-flight',
      'c-errors',
    ]);
    expect(chart(charts, '-latency').series.map((s) => s.label)).toEqual([
      'total p50',
      'total p95',
    ]);
  });

  it("put a non-stream answer's tokens at its last byte", () => {
    const store = storeOf([{ atMs: 1000, ttftMs: 3200, totalMs: 3200, tokens: 30 }], {
      scenario: 'chat_nonstream',
      stream: 'false',
    });
    const part = syntheticPart({ scenario: 'chat_nonstream', requests: 5, ratePerSec: 1 });
    const tokens = chart(scenarioCharts(part, store, 'c'), '-tokens');
    expect(tokens.series[0]?.values).toEqual([0, 0, 0, 0, 30]);
  });
});

describe('SLA limits on charts', () => {
  it('draws each SLA on the charts of the metric it judges', () => {
    const options = { requests: 40 } as const;
    const store = syntheticStore(options);
    const part = syntheticPart(options);
    part.slaResults = [
      checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}', 'p(95)<450'),
      checkSla(store, 'http_req_duration{scenario:chat_stream,prompt:short}', 'p(90)<2000'),
      checkSla(store, 'http_req_failed{scenario:chat_stream,prompt:short}', 'rate<0.02'),
      checkSla(store, 'dropped_iterations{scenario:chat_stream,prompt:short}', 'count<=0'),
    ];
    const charts = scenarioCharts(part, store, 'c');
    const limits = (suffix: string) =>
      chart(charts, suffix).limits.map((l) => `${l.axis} ${l.value} ${l.label}`);
    expect(limits('-ttft-hist')).toEqual(['x 450 SLA p(95) < 450 ms (FAIL)']);
    expect(limits('-total-hist')).toEqual(['x 2000 SLA p(90) < 2000 ms (PASS)']);
    expect(limits('-latency')).toEqual([
      'y 450 SLA p(95) < 450 ms (FAIL)',
      'y 2000 SLA p(90) < 2000 ms (PASS)',
    ]);
    expect(limits('-errors')).toEqual(['y2 0.02 SLA rate < 0.02 (FAIL)']);
    expect(limits('-throughput')).toEqual([]);
    // Peak 3 in flight: MAX_VUS 50 is left off, so the line does not flatten the data.
    expect(limits('-in-flight')).toEqual([]);
  });

  it('draws MAX_VUS on the in-flight chart once the peak reaches half of it', () => {
    const part = { ...syntheticPart({ requests: 10, ratePerSec: 1 }), maxVus: 4 };
    const store = storeOf([
      { atMs: 0, ttftMs: 100, totalMs: 3000, tokens: 5 },
      { atMs: 500, ttftMs: 100, totalMs: 3000, tokens: 5 },
    ]);
    const inFlight = chart(scenarioCharts(part, store, 'c'), '-in-flight');
    expect(inFlight.series[1]?.values.slice(0, 4)).toEqual([2, 2, 2, 1]);
    expect(inFlight.limits.map((l) => `${l.axis} ${l.value} ${l.label}`)).toEqual([
      'y 4 MAX_VUS 4',
    ]);
  });
});

describe('inFlightOverTime', () => {
  it('gives the time-weighted mean and the peak of requests in flight per bucket', () => {
    const grid = { t0: 0, bucketMs: 1000, buckets: 3 };
    // [0, 1500] and [500, 1000] and [2000, 2250].
    const result = inFlightOverTime(
      Float64Array.from([1500, 500, 250]),
      Float64Array.from([0, 500, 2000]),
      grid,
    );
    expect(result.mean).toEqual([1.5, 0.5, 0.25]);
    expect(result.peak).toEqual([2, 1, 1]);
  });
});
