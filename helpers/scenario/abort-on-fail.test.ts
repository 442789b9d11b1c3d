import { describe, expect, it } from 'vitest';
import { abortFailedRate, abortOnFailReason } from './abort-on-fail.js';

const LIMITS = { maxFailedRate: 0.02, minRequests: 10, delayMs: 5000 };

describe('abortOnFailReason', () => {
  it('stops a scenario whose requests all fail once the delay and the minimum are reached', () => {
    expect(abortOnFailReason(10, 10, 5000, LIMITS)).toBe(
      'ABORT_ON_FAIL stopped the scenario after 5.0 s: 10 of 10 requests failed (100%), ' +
        'at least 50% (10 x SLA_FAILED_RATE 0.02, and at least 50%)',
    );
  });

  it('waits for the delay, like k6 delayAbortEval', () => {
    expect(abortOnFailReason(100, 100, 4999, LIMITS)).toBeNull();
  });

  it('waits for MIN_SAMPLES finished requests', () => {
    expect(abortOnFailReason(9, 9, 60_000, LIMITS)).toBeNull();
  });

  it('goes on below the far-over rate even when the SLA itself is missed', () => {
    // 49% fails the 2% SLA, but is not far enough over it to stop.
    expect(abortOnFailReason(100, 49, 60_000, LIMITS)).toBeNull();
    expect(abortOnFailReason(100, 50, 60_000, LIMITS)).not.toBeNull();
  });

  it('takes 10 times the SLA limit when that is above 50%, and at most 100%', () => {
    expect(abortFailedRate(0.02)).toBe(0.5);
    expect(abortFailedRate(0.08)).toBe(0.8);
    expect(abortFailedRate(0.5)).toBe(1);
    expect(abortOnFailReason(100, 79, 60_000, { ...LIMITS, maxFailedRate: 0.08 })).toBeNull();
    expect(abortOnFailReason(100, 80, 60_000, { ...LIMITS, maxFailedRate: 0.08 })).not.toBeNull();
  });
});
