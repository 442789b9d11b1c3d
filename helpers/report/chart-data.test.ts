import { describe, expect, it } from 'vitest';
import { histogramBins, scenarioCharts, targetRateAt } from './chart-data.js';
import { syntheticPart, syntheticStore } from './testing/synthetic-part.js';

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
    expect(rate?.x).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
    expect(rate?.series.map((s) => s.values)).toEqual([
      [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
      [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    ]);
  });

  it('says there is nothing to draw when no request succeeded', () => {
    const options = { requests: 10, failEvery: 1 };
    const charts = scenarioCharts(syntheticPart(options), syntheticStore(options), 'c');
    expect(charts.find((c) => c.id === 'c-ttft-hist')?.empty).toBe('no successful requests');
    expect(charts.find((c) => c.id === 'c-latency')?.empty).toBe('no samples');
  });
});
