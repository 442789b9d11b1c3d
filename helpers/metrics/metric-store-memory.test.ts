import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fakeSample } from './fake-sample.js';
import { MetricStore } from './metric-store.js';
import { recordSample } from './record-sample.js';

const TARGET_VALUES = 1_000_000;

// A full GC before each reading keeps garbage (samples, outgrown arrays) out of the figure;
// array buffers are released a little after the GC that found them, hence the pause.
async function collectGarbage(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
}

function usedBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** 1M values from realistic requests: 4 scenarios x 2 prompts x 3 statuses, 10 gaps each. */
function fill(store: MetricStore): void {
  const statuses = ['200', '200', '200', '503'];
  let i = 0;
  while (store.pointCount < TARGET_VALUES) {
    const status = statuses[i % statuses.length] as string;
    const sample = fakeSample({
      startEpochMs: 1_763_000_000_000 + i,
      ttftMs: 100 + (i % 97),
      itlMs: [10, 11, 12, 13, 14, 15, 16, 17, 18, i % 50],
      tags: { scenario: `scenario_${i % 4}`, prompt: i % 2 === 0 ? 'short' : 'cot', status },
    });
    recordSample(store, sample, (i % 7) / 10);
    i += 1;
  }
}

describe('MetricStore memory', () => {
  it('holds 1M recorded values in at most 100 bytes each, overhead included', async () => {
    await collectGarbage();
    const before = usedBytes();
    const store = new MetricStore();
    fill(store);
    await collectGarbage();
    const bytesPerValue = (usedBytes() - before) / store.pointCount;
    // Measured 24 bytes here (64 series): 16 for value + time, plus the doubling slack.
    expect(bytesPerValue).toBeLessThan(100);
    expect(store.pointCount).toBeGreaterThanOrEqual(TARGET_VALUES);
  });

  it('allocates at most 32 bytes of typed array per exact value (value + time, doubled)', () => {
    const store = new MetricStore();
    fill(store);
    // llm_itl_ms goes to histograms: no typed-array bytes per gap.
    const exact = store.pointCount - store.count({ metric: 'llm_itl_ms', tags: {} });
    expect(store.arrayBytes / exact).toBeLessThanOrEqual(32);
    expect(store.arrayBytes / exact).toBeGreaterThanOrEqual(16);
  });
});
