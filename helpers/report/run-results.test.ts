import { describe, expect, it } from 'vitest';
import { MetricStore } from '../metrics/metric-store.js';
import { collectRunResults, runDurationMs } from './run-results.js';
import { syntheticPart } from './testing/synthetic-part.js';

const T0 = 1_795_000_000_000;

describe('collectRunResults', () => {
  it("merges every part's samples into one store", () => {
    const a = syntheticPart({ prompt: 'short', requests: 30, startedEpochMs: T0 });
    const b = syntheticPart({ prompt: 'cot', requests: 20, startedEpochMs: T0 + 500 });
    const results = collectRunResults([a, b], { config: null });
    const points = (part: typeof a) => MetricStore.fromJSON(part.store).pointCount;
    expect(results.store.pointCount).toBe(points(a) + points(b));
    expect(results.store.count({ metric: 'http_reqs', tags: { prompt: 'short' } })).toBe(30);
    expect(results.store.count({ metric: 'http_reqs', tags: { prompt: 'cot' } })).toBe(20);
  });

  it('dates the run from the first start to the last update', () => {
    const a = syntheticPart({ startedEpochMs: T0 });
    const b = {
      ...syntheticPart({ prompt: 'cot', startedEpochMs: T0 + 500 }),
      updatedEpochMs: T0 + 90_000,
    };
    const results = collectRunResults([a, b], { config: null });
    expect(results.startedEpochMs).toBe(T0);
    expect(runDurationMs(results)).toBe(90_000);
  });

  it('counts a part without samples yet as interrupted, not as an error', () => {
    const running = {
      ...syntheticPart({ startedEpochMs: T0 }),
      state: 'running' as const,
      store: null,
    };
    const results = collectRunResults([running], { config: null });
    expect(results.store.pointCount).toBe(0);
    expect(results.interrupted).toBe(true);
  });
});
