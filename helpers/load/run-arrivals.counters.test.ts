import { describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { type IterationContext, runArrivals, startArrivals } from './run-arrivals.js';

/** An iteration that takes `ms` of virtual time, or ends early when aborted. */
const busyFor =
  (clock: FakeClock, ms: number) =>
  async (ctx: IterationContext): Promise<void> => {
    await clock.sleepUntil(ctx.startedMs + ms, ctx.signal);
  };

/** An iteration that only ends when its signal aborts. */
const untilAborted = (ctx: IterationContext): Promise<void> =>
  new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve()));

describe('runArrivals counters', () => {
  it('keeps the peak of iterations in flight, not the count at the last start', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: { durationMs: 100, offsetsMs: [0, 1, 2, 50] },
      maxInFlight: 5,
      clock,
      iterate: busyFor(clock, 5),
    });
    expect(result).toMatchObject({ started: 4, peakInFlight: 3 });
  });

  it('counts no hook error for drops when there is no onDropped', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: { durationMs: 10, offsetsMs: [0, 1, 2] },
      maxInFlight: 1,
      clock,
      iterate: busyFor(clock, 10),
    });
    expect(result).toMatchObject({ dropped: 2, hookErrors: 0, errorSamples: [] });
  });

  it('lets every iteration finish in the grace period, not only until the first one ends', async () => {
    // At the schedule's end (20) two are in flight; they end at 25 and 35, within the 50 ms.
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: { durationMs: 20, offsetsMs: [0, 10] },
      maxInFlight: 5,
      gracefulStopMs: 50,
      clock,
      iterate: busyFor(clock, 25),
    });
    expect(result).toMatchObject({
      completed: 2,
      aborted: 0,
      gracefulStopExpired: false,
      durationMs: 35,
    });
  });
});

describe('runArrivals achieved rate', () => {
  it('divides the starts by the time to the stop when stopped early', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const controller = new AbortController();
    void clock.sleepUntil(35).then(() => controller.abort('enough'));
    const result = await runArrivals({
      arrivals: { durationMs: 60, offsetsMs: [0, 10, 20, 30, 40, 50] },
      maxInFlight: 10,
      clock,
      signal: controller.signal,
      iterate: async () => {},
    });
    // 4 starts in 35 ms.
    expect(result.started).toBe(4);
    expect(result.achievedRatePerSec).toBeCloseTo(114.2857, 3);
  });

  it('divides by the schedule length when stopped during the grace period', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const controller = new AbortController();
    void clock.sleepUntil(30).then(() => controller.abort('enough'));
    const result = await runArrivals({
      arrivals: { durationMs: 20, offsetsMs: [0, 10] },
      maxInFlight: 10,
      clock,
      signal: controller.signal,
      iterate: untilAborted,
    });
    expect(result.end).toMatchObject({ kind: 'stopped', atOffsetMs: 30 });
    // 2 starts in the 20 ms schedule.
    expect(result.achievedRatePerSec).toBe(100);
  });

  it('counts only the starts before the schedule end: arrivals started late at the end do not count', async () => {
    const clock = createFakeClock();
    const run = startArrivals({
      arrivals: { durationMs: 40, offsetsMs: [0, 10, 20] },
      maxInFlight: 10,
      clock,
      iterate: async () => {},
    });
    await clock.jumpTo(40); // blocked from 0 to 40: arrivals 10 and 20 start at 40
    const result = await run.result;
    expect(result.started).toBe(3);
    // 1 start within the 40 ms window.
    expect(result.achievedRatePerSec).toBe(25);
  });

  it('reports a rate of 0, not NaN, when the window is empty', async () => {
    const result = await runArrivals({
      arrivals: { durationMs: 10, offsetsMs: [0] },
      maxInFlight: 1,
      clock: createFakeClock({ autoAdvance: true }),
      signal: AbortSignal.abort('not today'),
      iterate: async () => {},
    });
    expect(result.achievedRatePerSec).toBe(0);
  });
});
