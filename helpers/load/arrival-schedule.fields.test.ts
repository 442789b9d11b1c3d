import { describe, expect, it } from 'vitest';
import { checkSchedule } from './arrival-schedule.js';

describe('checkSchedule field checks', () => {
  it('names the start rate and each stage field with the fix in its own unit', () => {
    expect(
      checkSchedule({
        startRatePerSec: -1,
        stages: [
          { durationMs: 1000, targetRatePerSec: 5 },
          { durationMs: -2, targetRatePerSec: -3 },
        ],
      }),
    ).toEqual([
      {
        code: 'negative',
        field: 'startRatePerSec',
        value: -1,
        fix: 'use a number >= 0 arrivals per second',
      },
      { code: 'negative', field: 'stages[1].durationMs', value: -2, fix: 'use a number >= 0 ms' },
      {
        code: 'negative',
        field: 'stages[1].targetRatePerSec',
        value: -3,
        fix: 'use a number >= 0 arrivals per second',
      },
    ]);
  });
});
