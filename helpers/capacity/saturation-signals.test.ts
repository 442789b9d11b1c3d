import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla } from '../sla/check-sla.js';
import { judgeStep } from './judge-step.js';
import { saturationSignals } from './saturation-signals.js';
import { observeSegment, type SegmentObservation, theilSenSlope } from './step-observation.js';

const STEADY: SegmentObservation = {
  offeredRatePerSec: 10,
  fromEpochMs: 0,
  toEpochMs: 4000,
  started: 40,
  ended: 40,
  inFlightFirstQuarter: 3,
  inFlightLastQuarter: 3,
  dropped: 0,
  scheduleLagP95Ms: 0.5,
  startedRatePerSec: 10,
  ttftMedianMs: 300,
  ttftRiseMs: 10,
};

describe('saturationSignals', () => {
  it('finds none in a steady step', () => {
    expect(saturationSignals(STEADY)).toEqual([]);
  });

  it('sees throughput well below the offered rate, a growing queue and drops as the server', () => {
    const kinds = saturationSignals({
      ...STEADY,
      ended: 30,
      inFlightLastQuarter: 12,
      dropped: 3,
    }).map((s) => [s.kind, s.source]);
    expect(kinds).toEqual([
      ['throughput-below-offered', 'server'],
      ['queue-growing', 'server'],
      ['dropped-iterations', 'server'],
    ]);
  });

  it('sees a queue in a TTFT that rises over the step, even while throughput keeps up', () => {
    expect(saturationSignals({ ...STEADY, ttftRiseMs: 59 })).toEqual([]);
    const [signal] = saturationSignals({ ...STEADY, ttftRiseMs: 140 });
    expect(signal).toMatchObject({ kind: 'queue-growing', source: 'server' });
    expect(signal?.detail).toBe(
      'TTFT rose by 140 ms over the step (median 300 ms): a queue builds',
    );
  });

  it('allows two requests of slack for few requests (1.5 req/s over 4 s: 5 of 6 ended)', () => {
    expect(saturationSignals({ ...STEADY, offeredRatePerSec: 1.5, started: 6, ended: 5 })).toEqual(
      [],
    );
  });

  it('blames the load generator, not the server, when its schedule lag is large', () => {
    const [signal] = saturationSignals({ ...STEADY, scheduleLagP95Ms: 120 });
    expect(signal).toMatchObject({ kind: 'generator-lagging', source: 'generator' });
    expect(signal?.detail).toContain("this is the generator's limit, not the server's");
  });

  it('blames the generator when it started too few arrivals without dropping any', () => {
    const [signal] = saturationSignals({ ...STEADY, startedRatePerSec: 6, started: 24, ended: 24 });
    expect(signal?.kind).toBe('generator-short-of-rate');
  });
});

describe('theilSenSlope', () => {
  it('finds the slope of a line through noise and outliers', () => {
    const points = Array.from({ length: 40 }, (_, i) => ({
      t: i * 100,
      y: 300 + 0.05 * i * 100 + (i % 3) - 1 + (i === 7 ? 900 : 0),
    }));
    expect(theilSenSlope(points)).toBeCloseTo(0.05, 2);
    expect(theilSenSlope(points.slice(0, 9))).toBeNull();
  });
});

describe('observeSegment', () => {
  it('counts requests that ended in the window and those in flight over it', () => {
    const store = new MetricStore();
    // One request per 100 ms from 0 to 3900, each lasting 250 ms: about 2.5 in flight.
    for (let i = 0; i < 40; i += 1) {
      recordSample(store, fakeSample({ startEpochMs: i * 100, totalMs: 250 }), 0);
    }
    const o = observeSegment(
      store,
      { scenario: 'chat_stream' },
      { fromEpochMs: 1000, toEpochMs: 3000 },
      10,
      10,
    );
    expect(o.started).toBe(20);
    expect(o.ended).toBe(20);
    expect(o.inFlightFirstQuarter).toBeCloseTo(2.5, 0);
    expect(o.ttftRiseMs).toBeCloseTo(0, 6);
    expect(saturationSignals(o)).toEqual([]);
  });
});

describe('judgeStep', () => {
  const store = new MetricStore();
  for (let i = 1; i <= 200; i += 1) recordSample(store, fakeSample({ ttftMs: i }), 0);
  const ttft = (threshold: string) =>
    checkSla(store, 'llm_ttft_ms{scenario:chat_stream}', threshold);

  it('passes only when every SLA is decided to pass and no signal is up', () => {
    expect(judgeStep([ttft('p(95)<1000')], []).verdict).toBe('pass');
  });

  it('is undecided when a CI straddles the limit, with the point verdict kept apart', () => {
    const j = judgeStep([ttft('p(95)<192')], []);
    expect(j).toMatchObject({ verdict: 'undecided', pointVerdict: 'pass' });
    expect(j.decidedBy).toContain('straddles the limit');
  });

  it('fails on a server signal even when the SLAs pass', () => {
    const j = judgeStep(
      [ttft('p(95)<1000')],
      [{ kind: 'queue-growing', source: 'server', detail: 'grew from 3 to 12' }],
    );
    expect(j).toMatchObject({ verdict: 'fail', decidedBy: 'saturated: grew from 3 to 12' });
  });

  it('reports the generator limit first when the load was not delivered', () => {
    const j = judgeStep(
      [ttft('p(95)<100')],
      [{ kind: 'generator-short-of-rate', source: 'generator', detail: 'started 6 of 10/s' }],
    );
    expect(j).toMatchObject({ verdict: 'generator-limit', decidedBy: 'started 6 of 10/s' });
  });

  const lag = (ms: number) =>
    ({
      kind: 'generator-lagging',
      source: 'generator',
      detail: `lag ${ms} ms`,
      lagP95Ms: ms,
    }) as const;

  it('keeps a latency failure the lag cannot explain, but vouches for no pass', () => {
    // p(95) of 1..200 ms: CI lower bound about 184 ms, 84 ms beyond a limit of 100.
    expect(judgeStep([ttft('p(95)<100')], [lag(60)]).verdict).toBe('fail');
    expect(judgeStep([ttft('p(95)<1000')], [lag(60)])).toMatchObject({
      verdict: 'generator-limit',
      decidedBy: 'lag 60 ms',
    });
  });

  it('blames the generator for a latency failure within its own lag (a late client stamps late)', () => {
    expect(judgeStep([ttft('p(95)<100')], [lag(168)])).toMatchObject({
      verdict: 'generator-limit',
      decidedBy: 'lag 168 ms',
    });
  });

  it('ignores server signals while the generator lags: it may have made the queue itself', () => {
    const queue = { kind: 'queue-growing', source: 'server', detail: 'grew' } as const;
    expect(judgeStep([ttft('p(95)<1000')], [lag(80), queue]).verdict).toBe('generator-limit');
  });
});
