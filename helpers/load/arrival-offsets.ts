import { type RateCurve, segmentTimeAtCount, snapCount } from './rate-curve.js';
import { exponentialDraw, type RandomSource } from './seeded-random.js';

/**
 * Even arrivals: arrival i (from 0) at the first time t where N(t) = i and the rate is
 * positive just after t, for every i < N(end). A constant 2/s over 10 s gives 20 arrivals at
 * 0, 500, ..., 9500 ms. Generated lazily: one square root per arrival, no array.
 */
export function* evenArrivalOffsets(curve: RateCurve): Generator<number, void, undefined> {
  let i = 0;
  for (const segment of curve.segments) {
    // Integers in [countBefore, end) belong to this segment; a segment with no area owns none.
    const end = snapCount(segment.countBefore + segment.count);
    while (i < end) {
      const offsetMs = segment.startMs + segmentTimeAtCount(segment, i - segment.countBefore);
      if (offsetMs >= curve.durationMs) return;
      yield offsetMs;
      i++;
    }
  }
}

/**
 * Poisson arrivals by time rescaling: a unit-rate Poisson process on the N(t) scale (levels
 * separated by exponential gaps of mean 1), each level mapped back to time through N^-1.
 * The result is a non-homogeneous Poisson process with the schedule's rate; its count has
 * mean N(end) and variance N(end).
 */
export function* poissonArrivalOffsets(
  curve: RateCurve,
  random: RandomSource,
): Generator<number, void, undefined> {
  let level = exponentialDraw(random);
  for (const segment of curve.segments) {
    const end = snapCount(segment.countBefore + segment.count);
    while (level < end) {
      const offsetMs = segment.startMs + segmentTimeAtCount(segment, level - segment.countBefore);
      if (offsetMs >= curve.durationMs) return;
      yield offsetMs;
      level += exponentialDraw(random);
    }
  }
}
