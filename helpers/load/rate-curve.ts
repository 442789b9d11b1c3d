import { type ArrivalSchedule, assertValidSchedule } from './arrival-schedule.js';

/** One stage with a positive length, with its cumulative expected count precomputed. */
export interface RateSegment {
  /** Offset of the segment's start from the schedule start, ms. */
  startMs: number;
  durationMs: number;
  /** Rate at the segment's start, arrivals per second. */
  fromRatePerSec: number;
  /** Rate at the segment's end, arrivals per second. */
  toRatePerSec: number;
  /** Expected arrivals before the segment, N(startMs). */
  countBefore: number;
  /** Expected arrivals within the segment: the area under its rate, (from + to) / 2 * duration. */
  count: number;
}

/**
 * The rate of a schedule as a piecewise-linear function of time, with its integral N(t), the
 * expected number of arrivals in [0, t), and the inverse of N.
 */
export interface RateCurve {
  /** Segments with a positive length, in order; zero-length stages are dropped. */
  segments: readonly RateSegment[];
  /** Length of the schedule, ms. */
  durationMs: number;
  /** Expected arrivals over the whole schedule, N(durationMs). */
  totalCount: number;
}

// Counts within this distance of an integer are that integer: float sums of stage areas
// (e.g. 0.1 + 0.2) must not lose or gain an arrival at a stage boundary.
const SNAP = 1e-9;

/** Rounds `value` to the nearest integer when it is within float noise of it. */
export function snapCount(value: number): number {
  const nearest = Math.round(value);
  return Math.abs(value - nearest) <= SNAP * Math.max(1, Math.abs(value)) ? nearest : value;
}

/** Builds the curve of a schedule; throws a `LoadConfigError` when the schedule is invalid. */
export function createRateCurve(schedule: ArrivalSchedule): RateCurve {
  assertValidSchedule(schedule);
  const segments: RateSegment[] = [];
  let fromRatePerSec = schedule.startRatePerSec;
  let startMs = 0;
  let countBefore = 0;
  for (const stage of schedule.stages) {
    const toRatePerSec = stage.targetRatePerSec;
    if (stage.durationMs > 0) {
      const count = ((fromRatePerSec + toRatePerSec) / 2) * (stage.durationMs / 1000);
      segments.push({
        startMs,
        durationMs: stage.durationMs,
        fromRatePerSec,
        toRatePerSec,
        countBefore,
        count,
      });
      countBefore = snapCount(countBefore + count);
      startMs += stage.durationMs;
    }
    // k6: the next stage ramps from this stage's target, even when this stage lasts 0 ms.
    fromRatePerSec = toRatePerSec;
  }
  return { segments, durationMs: startMs, totalCount: countBefore };
}

/** Expected arrivals in the segment's first `tMs` ms: from * t + (to - from) * t² / (2 * duration). */
export function segmentCountAt(segment: RateSegment, tMs: number): number {
  const tS = tMs / 1000;
  const slopePerSec2 =
    (segment.toRatePerSec - segment.fromRatePerSec) / (segment.durationMs / 1000);
  return segment.fromRatePerSec * tS + (slopePerSec2 * tS * tS) / 2;
}

/**
 * Time within the segment, ms, at which `n` expected arrivals have accumulated since its
 * start: the root of (k/2) t² + a t - n = 0 with a = start rate, k = slope. Written as
 * 2n / (a + sqrt(a² + 2kn)) it has no cancellation, holds for k < 0, k = 0 and a = 0 alike.
 */
export function segmentTimeAtCount(segment: RateSegment, n: number): number {
  if (n <= 0) return 0;
  const a = segment.fromRatePerSec;
  const durationS = segment.durationMs / 1000;
  const k = (segment.toRatePerSec - a) / durationS;
  // Rounding can push the discriminant a hair below 0 at the very end of a ramp to 0.
  const discriminant = Math.max(0, a * a + 2 * k * n);
  const tS = (2 * n) / (a + Math.sqrt(discriminant));
  return Math.min(tS * 1000, segment.durationMs);
}

/** N(t): expected arrivals in [0, tMs). */
export function countAtMs(curve: RateCurve, tMs: number): number {
  if (tMs <= 0) return 0;
  if (tMs >= curve.durationMs) return curve.totalCount;
  for (const segment of curve.segments) {
    if (tMs < segment.startMs + segment.durationMs) {
      return segment.countBefore + segmentCountAt(segment, tMs - segment.startMs);
    }
  }
  return curve.totalCount;
}
