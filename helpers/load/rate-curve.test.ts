import { describe, expect, it } from 'vitest';
import { countAtMs, createRateCurve, segmentTimeAtCount, snapCount } from './rate-curve.js';

describe('createRateCurve', () => {
  const curve = createRateCurve({
    startRatePerSec: 0,
    stages: [
      { durationMs: 2000, targetRatePerSec: 4 },
      { durationMs: 0, targetRatePerSec: 8 },
      { durationMs: 1000, targetRatePerSec: 8 },
    ],
  });

  it('drops zero-length stages but ramps the next stage from their target', () => {
    expect(curve.segments.map((s) => [s.startMs, s.fromRatePerSec, s.toRatePerSec])).toEqual([
      [0, 0, 4],
      [2000, 8, 8],
    ]);
  });

  it('totals the area under the rate', () => {
    expect(curve.durationMs).toBe(3000);
    expect(curve.totalCount).toBe(4 + 8);
  });

  it('integrates the rate: N(t) = t² on a 0 -> 4/s ramp over 2 s', () => {
    expect(countAtMs(curve, 0)).toBe(0);
    expect(countAtMs(curve, 1000)).toBeCloseTo(1, 12);
    expect(countAtMs(curve, 1500)).toBeCloseTo(2.25, 12);
    expect(countAtMs(curve, 2500)).toBeCloseTo(8, 12);
    expect(countAtMs(curve, 10_000)).toBe(12);
  });

  it('inverts N within a segment, also on a ramp down to 0', () => {
    const down = createRateCurve({
      startRatePerSec: 6,
      stages: [{ durationMs: 3000, targetRatePerSec: 0 }],
    });
    const segment = down.segments[0]!;
    expect(segmentTimeAtCount(segment, 0)).toBe(0);
    expect(segmentTimeAtCount(segment, down.totalCount)).toBe(3000);
    expect(countAtMs(down, segmentTimeAtCount(segment, 5))).toBeCloseTo(5, 9);
  });
});

describe('snapCount', () => {
  it('rounds float noise to the integer', () => {
    expect(snapCount(0.1 * 3 * 10)).toBe(3);
    expect(snapCount(2.9999999999999996)).toBe(3);
  });

  it('keeps genuine fractions', () => {
    expect(snapCount(2.5)).toBe(2.5);
    expect(snapCount(2.999)).toBe(2.999);
  });
});
