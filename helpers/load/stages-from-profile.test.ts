import { describe, expect, it } from 'vitest';
import { scheduleDurationMs } from './arrival-schedule.js';
import { LoadConfigError } from './load-config-error.js';
import { planArrivals } from './plan-arrivals.js';
import { defaultHoldMs, stagesFromProfile } from './stages-from-profile.js';

describe('stagesFromProfile', () => {
  it('defaults to a 1 min ramp from 0, a hold of DURATION_MIN - 2 min and a 1 min ramp down', () => {
    expect(stagesFromProfile({ targetRatePerSec: 10, durationMin: 10 })).toEqual({
      startRatePerSec: 0,
      stages: [
        { durationMs: 60_000, targetRatePerSec: 10 },
        { durationMs: 480_000, targetRatePerSec: 10 },
        { durationMs: 60_000, targetRatePerSec: 0 },
      ],
    });
  });

  it('holds at least one minute when DURATION_MIN is 2 or less', () => {
    expect(defaultHoldMs(2)).toBe(60_000);
    expect(defaultHoldMs(0.5)).toBe(60_000);
    expect(stagesFromProfile({ targetRatePerSec: 1, durationMin: 1 }).stages[1]?.durationMs).toBe(
      60_000,
    );
  });

  it('lasts 5 minutes (DURATION_MIN=5) when neither holdMs nor durationMin is given', () => {
    expect(scheduleDurationMs(stagesFromProfile({ targetRatePerSec: 1 }))).toBe(300_000);
  });

  it('takes every override', () => {
    expect(
      stagesFromProfile({
        targetRatePerSec: 50,
        startRatePerSec: 5,
        rampUpMs: 10_000,
        holdMs: 20_000,
        rampDownMs: 5000,
        durationMin: 99,
      }),
    ).toEqual({
      startRatePerSec: 5,
      stages: [
        { durationMs: 10_000, targetRatePerSec: 50 },
        { durationMs: 20_000, targetRatePerSec: 50 },
        { durationMs: 5000, targetRatePerSec: 0 },
      ],
    });
  });

  it('allows zero-length ramps, giving a constant arrival rate', () => {
    const schedule = stagesFromProfile({
      targetRatePerSec: 4,
      startRatePerSec: 4,
      rampUpMs: 0,
      holdMs: 1000,
      rampDownMs: 0,
    });
    expect([...planArrivals(schedule, { kind: 'even' }).offsetsMs]).toEqual([0, 250, 500, 750]);
  });

  it('lists every invalid field at once, naming the value and the fix', () => {
    let caught: unknown;
    try {
      stagesFromProfile({ targetRatePerSec: -1, rampUpMs: Number.NaN, holdMs: -5 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LoadConfigError);
    const error = caught as LoadConfigError;
    expect(error.issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['targetRatePerSec', 'negative'],
      ['rampUpMs', 'not-a-number'],
      ['holdMs', 'negative'],
    ]);
    expect(error.message).toContain(
      'targetRatePerSec is -1: use a number >= 0 arrivals per second',
    );
  });
});
