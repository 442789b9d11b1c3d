import { describe, expect, it } from 'vitest';
import { fakeSample } from './fake-sample.js';
import { MetricStore } from './metric-store.js';
import { recordSample } from './record-sample.js';
import { describeSlo, meetsSlo, type RequestSlo } from './request-slo.js';

const NONE: RequestSlo = { ttftMs: null, tpotMs: null, totalMs: null };

describe('meetsSlo', () => {
  it('holds when every set objective holds, at the limit included', () => {
    const sample = fakeSample({ ttftMs: 500, tpotMs: 20, totalMs: 900 });
    expect(meetsSlo(sample, { ttftMs: 500, tpotMs: 20, totalMs: 900 })).toBe(true);
    expect(meetsSlo(sample, { ...NONE, ttftMs: 499 })).toBe(false);
    expect(meetsSlo(sample, { ...NONE, tpotMs: 19.9 })).toBe(false);
    expect(meetsSlo(sample, { ...NONE, totalMs: 899 })).toBe(false);
  });

  it('never holds for a failed request, however fast', () => {
    const failed = fakeSample({
      ttftMs: 1,
      totalMs: 2,
      outcome: { kind: 'http-error', status: 503, message: 'busy' },
    });
    expect(meetsSlo(failed, { ...NONE, ttftMs: 500 })).toBe(false);
  });

  it('leaves TPOT out for a request that has none (non-stream, one token)', () => {
    expect(meetsSlo(fakeSample({ tpotMs: null }), { ...NONE, tpotMs: 10 })).toBe(true);
  });

  it('describes the set objectives', () => {
    expect(describeSlo({ ttftMs: 500, tpotMs: null, totalMs: 2000 })).toBe(
      'TTFT <= 500 ms, total <= 2000 ms',
    );
    expect(describeSlo(NONE)).toBe('none');
  });
});

describe('recordSample and llm_goodput', () => {
  it('records llm_goodput, tagged like the other points, when an objective is set', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample({ ttftMs: 100 }), 0, { ...NONE, ttftMs: 500 });
    recordSample(store, fakeSample({ ttftMs: 900 }), 0, { ...NONE, ttftMs: 500 });
    const selected = store.select({ metric: 'llm_goodput', tags: { scenario: 'chat_stream' } });
    expect([...selected.values]).toEqual([1, 0]);
  });

  it('records no llm_goodput when no objective is set', () => {
    const store = new MetricStore();
    recordSample(store, fakeSample(), 0, NONE);
    recordSample(store, fakeSample(), 0);
    expect(store.count({ metric: 'llm_goodput', tags: {} })).toBe(0);
  });
});
