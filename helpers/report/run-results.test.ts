import { describe, expect, it } from 'vitest';
import { MetricStore } from '../metrics/metric-store.js';
import { collectRunResults, runDurationMs } from './run-results.js';
import { syntheticPart, syntheticStore, syntheticStores } from './testing/synthetic-part.js';

const T0 = 1_795_000_000_000;

describe('collectRunResults', () => {
  it("merges every part's samples into one store", () => {
    const a = syntheticPart({ prompt: 'short', requests: 30, startedEpochMs: T0 });
    const b = syntheticPart({ prompt: 'cot', requests: 20, startedEpochMs: T0 + 500 });
    const store = syntheticStores([
      { prompt: 'short', requests: 30, startedEpochMs: T0 },
      { prompt: 'cot', requests: 20, startedEpochMs: T0 + 500 },
    ]);
    const results = collectRunResults([a, b], { config: null, store });
    expect(results.parts).toEqual([a, b]);
    expect(results.problems).toEqual([]);
    expect(results.store.count({ metric: 'http_reqs', tags: { prompt: 'short' } })).toBe(30);
    expect(results.store.count({ metric: 'http_reqs', tags: { prompt: 'cot' } })).toBe(20);
  });

  it('dates the run from the first start to the last update', () => {
    const a = syntheticPart({ startedEpochMs: T0 });
    const b = {
      ...syntheticPart({ prompt: 'cot', startedEpochMs: T0 + 500 }),
      updatedEpochMs: T0 + 90_000,
    };
    const results = collectRunResults([a, b], { config: null, store: new MetricStore() });
    expect(results.startedEpochMs).toBe(T0);
    expect(runDurationMs(results)).toBe(90_000);
  });

  it('counts a part without samples yet as interrupted, not as an error', () => {
    const running = { ...syntheticPart({ startedEpochMs: T0 }), state: 'running' as const };
    const results = collectRunResults([running], { config: null, store: new MetricStore() });
    expect(results.store.pointCount).toBe(0);
    expect(results.interrupted).toBe(true);
  });

  it('shows a part still running at the end (its worker is gone) as interrupted, and says so', () => {
    const running = { ...syntheticPart({ startedEpochMs: T0 }), state: 'running' as const };
    const store = syntheticStore({ startedEpochMs: T0, requests: 12 });
    const results = collectRunResults([running], { config: null, store });
    expect(results.parts[0]?.state).toBe('interrupted');
    expect(results.problems).toEqual([
      expect.stringMatching(
        /^chat_stream\/short: its worker stopped without finishing .* with the 12 requests it recorded up to its last write at 2026-/,
      ),
    ]);
  });
});
