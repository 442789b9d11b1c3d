import { evenArrivalOffsets, poissonArrivalOffsets } from './arrival-offsets.js';
import type { ArrivalSchedule } from './arrival-schedule.js';
import { createRateCurve } from './rate-curve.js';
import { createSeededRandom } from './seeded-random.js';

/** How arrivals are placed within the rate (`ARRIVALS=even|poisson`, `SEED`). */
export type ArrivalPattern = { kind: 'even' } | { kind: 'poisson'; seed: number };

/** What the runner needs: when arrivals happen and when the schedule ends. */
export interface ArrivalSource {
  /** End of the schedule, ms from the start; graceful stop begins here. */
  durationMs: number;
  /** Arrival offsets, ms from the start, ascending, each in [0, durationMs). */
  offsetsMs: Iterable<number>;
}

/** A planned schedule: offsets are generated lazily, afresh for every iteration over them. */
export interface ArrivalPlan extends ArrivalSource {
  pattern: ArrivalPattern;
  /** Arrivals to expect: the exact count for `even`, the mean count for `poisson`. */
  expectedCount: number;
}

/**
 * Plans the arrivals of a schedule. Offsets are an iterable, not an array: an hour at
 * 1000/s is 3.6M arrivals, which a generator yields one at a time in O(1) memory. Iterating
 * twice gives the same offsets (the Poisson PRNG restarts from its seed).
 */
export function planArrivals(schedule: ArrivalSchedule, pattern: ArrivalPattern): ArrivalPlan {
  const curve = createRateCurve(schedule);
  if (pattern.kind === 'poisson') {
    createSeededRandom(pattern.seed); // validates the seed now rather than at the first arrival
    return {
      pattern,
      durationMs: curve.durationMs,
      expectedCount: curve.totalCount,
      offsetsMs: {
        [Symbol.iterator]: () => poissonArrivalOffsets(curve, createSeededRandom(pattern.seed)),
      },
    };
  }
  return {
    pattern,
    durationMs: curve.durationMs,
    // Every integer level below N(end) is one arrival.
    expectedCount: Math.ceil(curve.totalCount),
    offsetsMs: { [Symbol.iterator]: () => evenArrivalOffsets(curve) },
  };
}
