import { describe, expect, it } from 'vitest';
import type { ClosedLoopResult } from './closed-loop.js';
import {
  median,
  type PairedRounds,
  type SideRun,
  serverIsBottleneck,
  summarizePaired,
} from './paired-rounds.js';

const loop = (errors = 0, firstError: string | null = null): ClosedLoopResult => ({
  completed: 10,
  errors,
  firstError,
  elapsedMs: 100,
});
const side = (
  ratePerSec: number,
  benchCpuPct: number,
  serverCpuPct: number,
  errors = 0,
): SideRun => ({
  ratePerSec,
  units: 1,
  loop: loop(errors, errors > 0 ? 'HTTP 500' : null),
  benchCpuPct,
  serverCpuPct,
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('summarizePaired', () => {
  const paired: PairedRounds = {
    ours: [side(100, 90, 20), side(120, 95, 25), side(80, 99, 30, 2)],
    bare: [side(200, 80, 40), side(200, 85, 45), side(100, 70, 50)],
    ratios: [0.5, 0.6, 0.8],
  };

  it('reports medians over rounds and the median per-round ratio', () => {
    expect(summarizePaired(paired)).toMatchObject({
      oursRatePerSec: 100,
      bareRatePerSec: 200,
      ratio: 0.6,
      oursBenchCpuPct: 95,
      oursServerCpuPct: 25,
    });
  });

  it('keeps every round in run order', () => {
    expect(summarizePaired(paired)).toMatchObject({
      oursRatesPerSec: [100, 120, 80],
      bareRatesPerSec: [200, 200, 100],
      ratios: [0.5, 0.6, 0.8],
    });
  });

  it('counts failed iterations over every run and keeps the first message', () => {
    expect(summarizePaired(paired)).toMatchObject({ errors: 2, firstError: 'HTTP 500' });
  });
});

describe('serverIsBottleneck', () => {
  const summary = summarizePaired({
    ours: [side(1, 60, 97)],
    bare: [side(1, 50, 98)],
    ratios: [1],
  });

  it('blames the server when it used a whole core and the bench did not', () => {
    expect(serverIsBottleneck(summary)).toBe(true);
  });

  it('does not when the bench itself was saturated', () => {
    const busy = summarizePaired({ ours: [side(1, 99, 97)], bare: [side(1, 50, 98)], ratios: [1] });
    expect(serverIsBottleneck(busy)).toBe(false);
  });
});
