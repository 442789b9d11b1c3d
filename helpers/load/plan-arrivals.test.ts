import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArrivalSchedule, constantArrivalRate } from './arrival-schedule.js';
import { LoadConfigError } from './load-config-error.js';
import { type ArrivalPattern, planArrivals } from './plan-arrivals.js';
import { countAtMs, createRateCurve } from './rate-curve.js';

const EVEN: ArrivalPattern = { kind: 'even' };
const offsets = (schedule: ArrivalSchedule, pattern: ArrivalPattern = EVEN): number[] => [
  ...planArrivals(schedule, pattern).offsetsMs,
];
const ramp = (fromPerSec: number, toPerSec: number, durationMs: number): ArrivalSchedule => ({
  startRatePerSec: fromPerSec,
  stages: [{ durationMs, targetRatePerSec: toPerSec }],
});

describe('even arrivals', () => {
  it('places a constant 2/s over 10 s at 0, 500, ..., 9500 ms', () => {
    expect(offsets(constantArrivalRate(2, 10_000))).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 500),
    );
  });

  it('gives exactly rate x duration arrivals at 1000/s for 60 s', () => {
    const all = offsets(constantArrivalRate(1000, 60_000));
    expect(all).toHaveLength(60_000);
    expect(all[59_999]).toBeCloseTo(59_999, 9);
  });

  it('places a ramp from 0 to 10/s over 10 s at sqrt(2i) seconds', () => {
    // rate(t) = t per s, so N(t) = t²/2 and arrival i is at sqrt(2i) s.
    const all = offsets(ramp(0, 10, 10_000));
    expect(all).toHaveLength(50);
    for (const [i, offsetMs] of all.entries()) {
      expect(offsetMs).toBeCloseTo(Math.sqrt(2 * i) * 1000, 6);
    }
  });

  it('places a ramp from 10/s down to 0 at 10 - sqrt(100 - 2i) seconds', () => {
    // N(t) = 10t - t²/2, so arrival i is at 10 - sqrt(100 - 2i) s; N(10 s) = 50 is the end.
    const all = offsets(ramp(10, 0, 10_000));
    expect(all).toHaveLength(50);
    for (const [i, offsetMs] of all.entries()) {
      expect(offsetMs).toBeCloseTo((10 - Math.sqrt(100 - 2 * i)) * 1000, 6);
    }
  });

  it('ramps up between two positive rates with the quadratic inverse', () => {
    // 2/s -> 6/s over 4 s: N(t) = 2t + t²/2, 16 arrivals, arrival i at -2 + sqrt(4 + 2i) s.
    const all = offsets(ramp(2, 6, 4000));
    expect(all).toHaveLength(16);
    for (const [i, offsetMs] of all.entries()) {
      expect(offsetMs).toBeCloseTo((-2 + Math.sqrt(4 + 2 * i)) * 1000, 6);
    }
  });

  it('carries the fractional count across stages', () => {
    // 1.5 arrivals in stage 1 (at 0 and 666.7 ms); then 2/s: level 2 is 0.5 into it (1250 ms).
    const all = offsets({
      startRatePerSec: 1.5,
      stages: [
        { durationMs: 1000, targetRatePerSec: 1.5 },
        { durationMs: 0, targetRatePerSec: 2 },
        { durationMs: 1000, targetRatePerSec: 2 },
      ],
    });
    expect(all.map((ms) => Math.round(ms * 1000) / 1000)).toEqual([0, 666.667, 1250, 1750]);
  });

  it('ramps a stage from the previous target even when that stage has zero length', () => {
    // The 0 ms stage moves the rate to 4/s; the next stage holds 4/s: arrivals every 250 ms.
    const all = offsets({
      startRatePerSec: 1,
      stages: [
        { durationMs: 0, targetRatePerSec: 4 },
        { durationMs: 1000, targetRatePerSec: 4 },
      ],
    });
    expect(all).toEqual([0, 250, 500, 750]);
  });

  it('starts after a zero-rate stage at the moment the rate becomes positive', () => {
    const all = offsets({
      startRatePerSec: 0,
      stages: [
        { durationMs: 5000, targetRatePerSec: 0 },
        { durationMs: 1000, targetRatePerSec: 0 },
        { durationMs: 0, targetRatePerSec: 2 },
        { durationMs: 1000, targetRatePerSec: 2 },
      ],
    });
    expect(all).toEqual([6000, 6500]);
  });

  it('follows a multi-stage profile: up, hold, down', () => {
    // 0 -> 4/s in 2 s (4 arrivals), hold 4/s for 1 s (4), 4 -> 0 in 2 s (4): 12 in all.
    const schedule: ArrivalSchedule = {
      startRatePerSec: 0,
      stages: [
        { durationMs: 2000, targetRatePerSec: 4 },
        { durationMs: 1000, targetRatePerSec: 4 },
        { durationMs: 2000, targetRatePerSec: 0 },
      ],
    };
    const all = offsets(schedule);
    expect(all).toHaveLength(12);
    // Up: N(t) = t² -> sqrt(i) s. Hold: 2000 + 250 k. Down: N = 8 + 4u - u², u = t - 3 s.
    for (const [i, offsetMs] of all.slice(0, 4).entries()) {
      expect(offsetMs).toBeCloseTo(Math.sqrt(i) * 1000, 9);
    }
    expect(all.slice(4, 8)).toEqual([2000, 2250, 2500, 2750]);
    for (const [k, offsetMs] of all.slice(8).entries()) {
      expect(offsetMs).toBeCloseTo((3 + 2 - Math.sqrt(4 - k)) * 1000, 6);
    }
  });

  it('gives no arrivals for an empty or all-zero schedule', () => {
    expect(offsets({ startRatePerSec: 5, stages: [] })).toEqual([]);
    expect(offsets(constantArrivalRate(0, 10_000))).toEqual([]);
    expect(offsets(constantArrivalRate(5, 0))).toEqual([]);
  });

  it('reports the exact count it generates as expectedCount', () => {
    // N(3.333 s) = 3 x 3.333 + (7 - 3) / 2 x 3.333 = 16.665: arrivals 0 to 16.
    const schedule = ramp(3, 7, 3333);
    expect(offsets(schedule)).toHaveLength(17);
    expect(planArrivals(schedule, EVEN).expectedCount).toBe(17);
  });

  it('satisfies N(offset_i) = i, ascending within [0, duration), for random schedules', () => {
    const stage = fc.record({
      durationMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })),
      targetRatePerSec: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
    });
    const schedule = fc.record({
      startRatePerSec: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
      stages: fc.array(stage, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(schedule, (s) => {
        const curve = createRateCurve(s);
        const plan = planArrivals(s, EVEN);
        const all = [...plan.offsetsMs];
        expect(all.length).toBe(plan.expectedCount);
        for (const [i, offsetMs] of all.entries()) {
          expect(offsetMs).toBeGreaterThanOrEqual(i === 0 ? 0 : (all[i - 1] ?? 0));
          expect(offsetMs).toBeLessThan(curve.durationMs);
          expect(countAtMs(curve, offsetMs)).toBeCloseTo(i, 6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects an invalid schedule listing every problem', () => {
    const bad: ArrivalSchedule = {
      startRatePerSec: -1,
      stages: [{ durationMs: Number.NaN, targetRatePerSec: -3 }],
    };
    expect(() => planArrivals(bad, EVEN)).toThrow(LoadConfigError);
    try {
      planArrivals(bad, EVEN);
    } catch (error) {
      expect((error as LoadConfigError).issues.map((issue) => issue.field)).toEqual([
        'startRatePerSec',
        'stages[0].durationMs',
        'stages[0].targetRatePerSec',
      ]);
    }
  });
});

describe('poisson arrivals', () => {
  const tenSecondsAt50 = constantArrivalRate(50, 10_000);

  it('gives the same offsets for the same seed', () => {
    const first = offsets(tenSecondsAt50, { kind: 'poisson', seed: 7 });
    expect(offsets(tenSecondsAt50, { kind: 'poisson', seed: 7 })).toEqual(first);
  });

  it('gives different offsets for different seeds', () => {
    expect(offsets(tenSecondsAt50, { kind: 'poisson', seed: 1 })).not.toEqual(
      offsets(tenSecondsAt50, { kind: 'poisson', seed: 2 }),
    );
  });

  it('restarts from the seed each time the plan is iterated', () => {
    const plan = planArrivals(tenSecondsAt50, { kind: 'poisson', seed: 3 });
    expect([...plan.offsetsMs]).toEqual([...plan.offsetsMs]);
  });

  it('keeps offsets ascending and inside the schedule', () => {
    const all = offsets(ramp(0, 100, 5000), { kind: 'poisson', seed: 11 });
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThanOrEqual(all[i - 1] ?? 0);
    expect(all[0]).toBeGreaterThanOrEqual(0);
    expect(all.at(-1)).toBeLessThan(5000);
  });

  it('averages the expected count over many seeds (mean within 4 standard errors)', () => {
    // N(end) = 500; over 200 seeds the mean count has standard error sqrt(500 / 200) ≈ 1.6.
    const schedule = ramp(20, 80, 10_000);
    let total = 0;
    for (let seed = 0; seed < 200; seed++) {
      total += offsets(schedule, { kind: 'poisson', seed }).length;
    }
    expect(Math.abs(total / 200 - 500)).toBeLessThan(4 * Math.sqrt(500 / 200));
  });

  it('follows the ramp: the second half of a 0 -> r ramp gets about 3/4 of the arrivals', () => {
    // N(t) ∝ t², so [T/2, T) holds 3/4 of the count; 20 000 expected, binomial sd ≈ 61.
    const all = offsets(ramp(0, 4000, 10_000), { kind: 'poisson', seed: 5 });
    const late = all.filter((ms) => ms >= 5000).length;
    expect(Math.abs(late / all.length - 0.75)).toBeLessThan(0.02);
  });

  it('reports the mean count as expectedCount', () => {
    expect(planArrivals(ramp(20, 80, 10_000), { kind: 'poisson', seed: 1 }).expectedCount).toBe(
      500,
    );
  });

  it('rejects a seed that is not an integer in [0, 2^53)', () => {
    expect(() => planArrivals(tenSecondsAt50, { kind: 'poisson', seed: 1.5 })).toThrow(/seed/);
    expect(() => planArrivals(tenSecondsAt50, { kind: 'poisson', seed: -1 })).toThrow(/seed/);
    expect(() => planArrivals(tenSecondsAt50, { kind: 'poisson', seed: 2 ** 53 })).toThrow(/seed/);
  });
});
