import { describe, expect, it } from 'vitest';
import { LoadConfigError } from './load-config-error.js';
import { type LoadProfile, stagesFromProfile } from './stages-from-profile.js';

const issuesOf = (profile: LoadProfile): unknown => {
  try {
    stagesFromProfile(profile);
  } catch (error) {
    return error instanceof LoadConfigError ? error.issues : error;
  }
  return [];
};

describe('stagesFromProfile field checks', () => {
  it('names every negative field with the fix in its own unit', () => {
    expect(
      issuesOf({
        targetRatePerSec: -1,
        startRatePerSec: -2,
        rampUpMs: -3,
        rampDownMs: -4,
        durationMin: -5,
      }),
    ).toEqual([
      {
        code: 'negative',
        field: 'targetRatePerSec',
        value: -1,
        fix: 'use a number >= 0 arrivals per second',
      },
      {
        code: 'negative',
        field: 'startRatePerSec',
        value: -2,
        fix: 'use a number >= 0 arrivals per second',
      },
      { code: 'negative', field: 'rampUpMs', value: -3, fix: 'use a number >= 0 ms' },
      { code: 'negative', field: 'rampDownMs', value: -4, fix: 'use a number >= 0 ms' },
      { code: 'negative', field: 'durationMin', value: -5, fix: 'use a number >= 0 minutes' },
    ]);
  });

  it('checks holdMs instead of durationMin when a hold is given', () => {
    expect(issuesOf({ targetRatePerSec: 1, holdMs: -1, durationMin: -5 })).toEqual([
      { code: 'negative', field: 'holdMs', value: -1, fix: 'use a number >= 0 ms' },
    ]);
  });

  it('accepts zero for every field', () => {
    expect(
      issuesOf({
        targetRatePerSec: 0,
        startRatePerSec: 0,
        rampUpMs: 0,
        rampDownMs: 0,
        durationMin: 0,
      }),
    ).toEqual([]);
    expect(issuesOf({ targetRatePerSec: 0, holdMs: 0 })).toEqual([]);
  });
});
