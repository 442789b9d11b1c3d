import { describe, expect, it } from 'vitest';
import { countAtMs, createRateCurve, segmentTimeAtCount, snapCount } from './rate-curve.js';

describe('snapCount tolerance', () => {
  it('snaps float noise below 1 to 0', () => {
    expect(snapCount(1e-12)).toBe(0);
  });

  it('keeps a small count that is not noise', () => {
    expect(snapCount(1e-8)).toBe(1e-8);
  });

  it('scales the tolerance with the count: 3.6M plus 1e-6 is 3.6M', () => {
    expect(snapCount(3_600_000.000_001)).toBe(3_600_000);
  });
});

describe('createRateCurve segments', () => {
  it('precomputes start, rates, count before and count of each segment', () => {
    const curve = createRateCurve({
      startRatePerSec: 1,
      stages: [
        { durationMs: 2000, targetRatePerSec: 3 },
        { durationMs: 0, targetRatePerSec: 5 },
        { durationMs: 1000, targetRatePerSec: 5 },
      ],
    });
    expect(curve).toEqual({
      segments: [
        {
          startMs: 0,
          durationMs: 2000,
          fromRatePerSec: 1,
          toRatePerSec: 3,
          countBefore: 0,
          count: 4,
        },
        {
          startMs: 2000,
          durationMs: 1000,
          fromRatePerSec: 5,
          toRatePerSec: 5,
          countBefore: 4,
          count: 5,
        },
      ],
      durationMs: 3000,
      totalCount: 9,
    });
  });

  it('snaps a total that floats just above an integer: 0.1 + 2.7 + 0.2 arrivals is 3', () => {
    // In doubles, 0.1 + 2.7 + 0.2 = 3.0000000000000004.
    const curve = createRateCurve({
      startRatePerSec: 0.1,
      stages: [
        { durationMs: 1000, targetRatePerSec: 0.1 },
        { durationMs: 0, targetRatePerSec: 2.7 },
        { durationMs: 1000, targetRatePerSec: 2.7 },
        { durationMs: 0, targetRatePerSec: 0.2 },
        { durationMs: 1000, targetRatePerSec: 0.2 },
      ],
    });
    expect(curve.totalCount).toBe(3);
  });
});

describe('countAtMs at a stage boundary', () => {
  it('gives the next stage its snapped count: 3 after 0.1 + 2.7 + 0.2 arrivals, not 3.0000000000000004', () => {
    const curve = createRateCurve({
      startRatePerSec: 0.1,
      stages: [
        { durationMs: 1000, targetRatePerSec: 0.1 },
        { durationMs: 0, targetRatePerSec: 2.7 },
        { durationMs: 1000, targetRatePerSec: 2.7 },
        { durationMs: 0, targetRatePerSec: 0.2 },
        { durationMs: 1000, targetRatePerSec: 0.2 },
        { durationMs: 0, targetRatePerSec: 1 },
        { durationMs: 1000, targetRatePerSec: 1 },
      ],
    });
    expect(countAtMs(curve, 3000)).toBe(3);
  });
});

describe('countAtMs outside and at the ends of the schedule', () => {
  const curve = createRateCurve({
    startRatePerSec: 2,
    stages: [{ durationMs: 1000, targetRatePerSec: 2 }],
  });

  it('is 0 before the start and the total from the end on', () => {
    expect(countAtMs(curve, -5)).toBe(0);
    expect(countAtMs(curve, 1000)).toBe(2);
    expect(countAtMs(curve, 5000)).toBe(2);
  });

  it('is rate x time within', () => {
    expect(countAtMs(curve, 250)).toBe(0.5);
  });
});

describe('segmentTimeAtCount', () => {
  // 0 -> 4/s over 2 s: N(t) = t², so n arrivals take sqrt(n) s.
  const rampUp = createRateCurve({
    startRatePerSec: 0,
    stages: [{ durationMs: 2000, targetRatePerSec: 4 }],
  }).segments[0]!;
  // 6/s -> 0 over 3 s: N(t) = 6t - t², N(3 s) = 9.
  const rampDown = createRateCurve({
    startRatePerSec: 6,
    stages: [{ durationMs: 3000, targetRatePerSec: 0 }],
  }).segments[0]!;

  it('is 0 for no arrivals, also where the rate starts at 0', () => {
    expect(segmentTimeAtCount(rampUp, 0)).toBe(0);
    expect(segmentTimeAtCount(rampUp, -1)).toBe(0);
  });

  it('inverts N on a ramp up from 0', () => {
    expect(segmentTimeAtCount(rampUp, 1)).toBe(1000);
    expect(segmentTimeAtCount(rampUp, 2.25)).toBe(1500);
  });

  it('inverts N on a ramp down: 5 arrivals of 6t - t² take 1 s', () => {
    expect(segmentTimeAtCount(rampDown, 5)).toBeCloseTo(1000, 9);
  });

  it('ends at the segment end for a count a hair beyond it, not at NaN', () => {
    expect(segmentTimeAtCount(rampDown, 9 + 1e-9)).toBe(3000);
    expect(segmentTimeAtCount(rampUp, 5)).toBe(2000);
  });
});
