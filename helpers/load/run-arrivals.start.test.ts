import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.js';
import { type IterationContext, runArrivals } from './run-arrivals.js';

describe('runArrivals with startMs (START_AT reached late)', () => {
  it('counts offsets from a start in the past: the arrivals already due start at once, with their lag', async () => {
    const clock = createFakeClock({ startMs: 1000, autoAdvance: true });
    const starts: Pick<IterationContext, 'scheduledMs' | 'startedMs' | 'scheduleLagMs'>[] = [];
    const result = await runArrivals({
      arrivals: { durationMs: 400, offsetsMs: [0, 50, 150, 300] },
      maxInFlight: 10,
      clock,
      startMs: 900,
      iterate: async ({ scheduledMs, startedMs, scheduleLagMs }) => {
        starts.push({ scheduledMs, startedMs, scheduleLagMs });
      },
    });
    expect(starts).toEqual([
      { scheduledMs: 900, startedMs: 1000, scheduleLagMs: 100 },
      { scheduledMs: 950, startedMs: 1000, scheduleLagMs: 50 },
      { scheduledMs: 1050, startedMs: 1050, scheduleLagMs: 0 },
      { scheduledMs: 1200, startedMs: 1200, scheduleLagMs: 0 },
    ]);
    // The schedule ends 400 ms after the given start, not after the call.
    expect(result.startMs).toBe(900);
    expect(clock.now()).toBe(1300);
  });

  it('starts now when startMs is ahead: the caller waits for a future start itself', async () => {
    const clock = createFakeClock({ startMs: 1000, autoAdvance: true });
    const result = await runArrivals({
      arrivals: { durationMs: 100, offsetsMs: [0] },
      maxInFlight: 1,
      clock,
      startMs: 5000,
      iterate: async () => {},
    });
    expect(result.startMs).toBe(1000);
  });
});
