import { describe, expect, it } from 'vitest';
import { unfinishedRunReason } from './unfinished-run.js';

describe('unfinishedRunReason', () => {
  it('says how far a stopped run got against its plan, and why it stopped', () => {
    const reason = unfinishedRunReason(
      {
        end: { kind: 'stopped', reason: 'run interrupted by SIGTERM', atOffsetMs: 3000 },
        scheduled: 12,
      },
      { expectedCount: 240, pattern: { kind: 'even' } },
    );
    expect(reason).toBe(
      'scenario interrupted after 12 of 240 scheduled arrivals (run interrupted by SIGTERM)',
    );
  });

  it('gives the planned count of Poisson arrivals as the mean it is', () => {
    const reason = unfinishedRunReason(
      { end: { kind: 'stopped', reason: 'aborted', atOffsetMs: 10 }, scheduled: 3 },
      { expectedCount: 99.6, pattern: { kind: 'poisson', seed: 1 } },
    );
    expect(reason).toBe('scenario interrupted after 3 of about 100 scheduled arrivals (aborted)');
  });

  it('is null for a run that reached the end of its profile', () => {
    expect(
      unfinishedRunReason(
        { end: { kind: 'completed' }, scheduled: 240 },
        { expectedCount: 240, pattern: { kind: 'even' } },
      ),
    ).toBeNull();
  });
});
