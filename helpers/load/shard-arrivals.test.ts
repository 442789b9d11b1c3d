import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArrivalSchedule } from './arrival-schedule.js';
import { type ArrivalPattern, planArrivals } from './plan-arrivals.js';
import { shardArrivals } from './shard-arrivals.js';

// The seed profile's shape: ramp up, hold, ramp down (the ramps exercise the quadratic inverse).
const profile = (startPerSec: number, ratePerSec: number, stageMs: number): ArrivalSchedule => ({
  startRatePerSec: startPerSec,
  stages: [
    { durationMs: stageMs, targetRatePerSec: ratePerSec },
    { durationMs: stageMs * 2, targetRatePerSec: ratePerSec },
    { durationMs: stageMs, targetRatePerSec: 0 },
  ],
});

/** The shards' offsets merged in plan order: arrival k comes from shard k % N. */
function interleave(shards: number[][]): number[] {
  const out: number[] = [];
  const total = shards.reduce((n, s) => n + s.length, 0);
  for (let k = 0; k < total; k += 1) {
    const share = shards[k % shards.length] as number[];
    const value = share[Math.floor(k / shards.length)];
    if (value === undefined)
      throw new Error(`arrival ${k} is missing from shard ${k % shards.length}`);
    out.push(value);
  }
  return out;
}

describe('shard arrivals', () => {
  const patterns = fc.oneof(
    fc.constant<ArrivalPattern>({ kind: 'even' }),
    fc
      .integer({ min: 0, max: 2 ** 32 - 1 })
      .map((seed): ArrivalPattern => ({ kind: 'poisson', seed })),
  );

  it('deals out the one full plan: the N shards together are exactly its offsets, bit for bit', () => {
    fc.assert(
      fc.property(
        patterns,
        fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        fc.integer({ min: 100, max: 3000 }),
        (pattern, count, startPerSec, ratePerSec, stageMs) => {
          const plan = planArrivals(profile(startPerSec, ratePerSec, stageMs), pattern);
          const full = [...plan.offsetsMs];
          const shards = Array.from({ length: count }, (_, i) => [
            ...shardArrivals(plan, { index: i + 1, count }).offsetsMs,
          ]);
          // Not only the same multiset: shard i holds arrivals i, i + N, ... in plan order.
          expect(interleave(shards)).toEqual(full);
          expect(shards.reduce((n, s) => n + s.length, 0)).toBe(full.length);
          return true;
        },
      ),
      { numRuns: 80 },
    );
  });

  it('gives shard 2 of 3 of an even 3/s arrivals 2, 5, 8, ... (1-based)', () => {
    const plan = planArrivals(
      { startRatePerSec: 3, stages: [{ durationMs: 3000, targetRatePerSec: 3 }] },
      { kind: 'even' },
    );
    const share = shardArrivals(plan, { index: 2, count: 3 });
    expect([...share.offsetsMs].map((ms) => Math.round(ms))).toEqual([333, 1333, 2333]);
    expect(share.expectedCount).toBe(3);
    expect(share.fullExpectedCount).toBe(9);
    expect(share.durationMs).toBe(3000);
  });

  it('expects ceil((full - i + 1) / N) arrivals of an even plan, the count each shard gets', () => {
    const plan = planArrivals(profile(1, 7, 1000), { kind: 'even' });
    const full = [...plan.offsetsMs].length;
    for (let index = 1; index <= 4; index += 1) {
      const share = shardArrivals(plan, { index, count: 4 });
      expect([...share.offsetsMs].length).toBe(share.expectedCount);
    }
    expect(full).toBe(plan.expectedCount);
  });

  it('refuses a 0-based index or an index beyond the count', () => {
    const plan = planArrivals(profile(1, 2, 1000), { kind: 'even' });
    expect(() => shardArrivals(plan, { index: 0, count: 2 })).toThrow(/1 to 2 \(1-based\)/);
    expect(() => shardArrivals(plan, { index: 3, count: 2 })).toThrow(/1 to 2/);
  });
});
