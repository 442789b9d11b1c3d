import { describe, expect, it } from 'vitest';
import type { ArrivalSchedule } from './arrival-schedule.js';
import { planArrivals } from './plan-arrivals.js';

// Constant 0.1/s, 2.7/s, 0.2/s for 1 s each: 3 arrivals in decimal, 3.0000000000000004 in doubles.
const FLOAT_SUM: ArrivalSchedule = {
  startRatePerSec: 0.1,
  stages: [
    { durationMs: 1000, targetRatePerSec: 0.1 },
    { durationMs: 0, targetRatePerSec: 2.7 },
    { durationMs: 1000, targetRatePerSec: 2.7 },
    { durationMs: 0, targetRatePerSec: 0.2 },
    { durationMs: 1000, targetRatePerSec: 0.2 },
  ],
};

describe('even arrivals across stages whose counts are not whole', () => {
  it('neither gains nor loses an arrival when the stage counts sum to 3 only in decimal', () => {
    const plan = planArrivals(FLOAT_SUM, { kind: 'even' });
    const offsets = [...plan.offsetsMs];
    // Level 0 at 0; levels 1 and 2 in the 2.7/s stage, which starts at level 0.1:
    // 1000 + 0.9 / 2.7 s = 1333.33 ms, 1000 + 1.9 / 2.7 s = 1703.70 ms.
    expect(offsets).toHaveLength(3);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(1333.3333, 3);
    expect(offsets[2]).toBeCloseTo(1703.7037, 3);
    expect(plan.expectedCount).toBe(3);
  });

  it('rounds a fractional total up: 2.5 expected arrivals are 3 even arrivals', () => {
    const plan = planArrivals(
      { startRatePerSec: 2.5, stages: [{ durationMs: 1000, targetRatePerSec: 2.5 }] },
      { kind: 'even' },
    );
    expect([...plan.offsetsMs]).toEqual([0, 400, 800]);
    expect(plan.expectedCount).toBe(3);
  });

  it('expects the mean count, not a whole number, for Poisson arrivals', () => {
    const plan = planArrivals(
      { startRatePerSec: 2.5, stages: [{ durationMs: 1000, targetRatePerSec: 2.5 }] },
      { kind: 'poisson', seed: 1 },
    );
    expect(plan.expectedCount).toBe(2.5);
    expect(plan.durationMs).toBe(1000);
  });

  it('gives the plan the schedule length and the pattern it was asked for', () => {
    const plan = planArrivals(FLOAT_SUM, { kind: 'poisson', seed: 9 });
    expect(plan.durationMs).toBe(3000);
    expect(plan.pattern).toEqual({ kind: 'poisson', seed: 9 });
  });
});

describe('Poisson arrivals across stages', () => {
  it('fills the second of two 10 s stages at 50/s, not only the first', () => {
    const offsets = [
      ...planArrivals(
        {
          startRatePerSec: 50,
          stages: [
            { durationMs: 10_000, targetRatePerSec: 50 },
            { durationMs: 10_000, targetRatePerSec: 50 },
          ],
        },
        { kind: 'poisson', seed: 4 },
      ).offsetsMs,
    ];
    // 500 expected per stage, standard deviation about 22.
    const second = offsets.filter((ms) => ms >= 10_000);
    expect(second.length).toBeGreaterThan(400);
    expect(second.length).toBeLessThan(600);
    expect(second.filter((ms) => ms >= 15_000).length).toBeGreaterThan(200);
  });
});
