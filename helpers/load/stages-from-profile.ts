import type { ArrivalSchedule } from './arrival-schedule.js';
import { checkNumber, LoadConfigError, type LoadIssue } from './load-config-error.js';

const MINUTE_MS = 60_000;

/** The seed load profile: ramp up, hold, ramp down to 0. Plain numbers; config parses env. */
export interface LoadProfile {
  /** Rate held in the middle, arrivals per second. */
  targetRatePerSec: number;
  /** Rate at time 0, arrivals per second (`START_RATE`); default 0. */
  startRatePerSec?: number;
  /** Ramp from the start rate to the target, ms (`RAMP_UP`); default 60 000. */
  rampUpMs?: number;
  /** Hold at the target, ms (`HOLD`); default max(durationMin - 2, 1) minutes. */
  holdMs?: number;
  /** Ramp from the target down to 0, ms (`RAMP_DOWN`); default 60 000. */
  rampDownMs?: number;
  /** Nominal run length in minutes (`DURATION_MIN`), used only for the default hold; default 5. */
  durationMin?: number;
}

/** Defaults of the seed profile. */
export const PROFILE_DEFAULTS = {
  startRatePerSec: 0,
  rampUpMs: MINUTE_MS,
  rampDownMs: MINUTE_MS,
  durationMin: 5,
} as const;

/** Default hold: the run length less the two one-minute ramps, at least one minute. */
export function defaultHoldMs(durationMin: number): number {
  return Math.max(durationMin - 2, 1) * MINUTE_MS;
}

/**
 * The seed profile as a schedule of three stages: ramp up to the target in `rampUpMs`, hold
 * it for `holdMs`, ramp down to 0 in `rampDownMs`. Zero-length stages are kept (they are
 * skipped by the arrival math), so the stage list always has the same shape.
 */
export function stagesFromProfile(profile: LoadProfile): ArrivalSchedule {
  const startRatePerSec = profile.startRatePerSec ?? PROFILE_DEFAULTS.startRatePerSec;
  const rampUpMs = profile.rampUpMs ?? PROFILE_DEFAULTS.rampUpMs;
  const rampDownMs = profile.rampDownMs ?? PROFILE_DEFAULTS.rampDownMs;
  const durationMin = profile.durationMin ?? PROFILE_DEFAULTS.durationMin;

  const issues: LoadIssue[] = [];
  const rate = { min: 0, unit: 'arrivals per second' };
  checkNumber(issues, 'targetRatePerSec', profile.targetRatePerSec, rate);
  checkNumber(issues, 'startRatePerSec', startRatePerSec, rate);
  checkNumber(issues, 'rampUpMs', rampUpMs, { min: 0, unit: 'ms' });
  checkNumber(issues, 'rampDownMs', rampDownMs, { min: 0, unit: 'ms' });
  if (profile.holdMs === undefined) {
    checkNumber(issues, 'durationMin', durationMin, { min: 0, unit: 'minutes' });
  } else {
    checkNumber(issues, 'holdMs', profile.holdMs, { min: 0, unit: 'ms' });
  }
  if (issues.length > 0) throw new LoadConfigError(issues);

  const holdMs = profile.holdMs ?? defaultHoldMs(durationMin);
  const target = profile.targetRatePerSec;
  return {
    startRatePerSec,
    stages: [
      { durationMs: rampUpMs, targetRatePerSec: target },
      { durationMs: holdMs, targetRatePerSec: target },
      { durationMs: rampDownMs, targetRatePerSec: 0 },
    ],
  };
}
