import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { startArrivals } from './run-arrivals.js';

/** A clock moved by hand: a sleep jumps to its target at once (after a macrotask). */
function handClock(): Clock & { set(ms: number): void } {
  let nowMs = 0;
  return {
    now: () => nowMs,
    toEpochMs: (ms) => ms,
    set: (ms) => {
      nowMs = ms;
    },
    sleepUntil: (targetMs) =>
      new Promise((resolve) =>
        setImmediate(() => {
          nowMs = Math.max(nowMs, targetMs);
          resolve();
        }),
      ),
  };
}

describe('turns of due arrivals', () => {
  it('starts the arrival due after a slow on-time start without yielding a turn first', async () => {
    // Arrival 0 at 10 ms takes 5 ms to start (its iterate moves the clock to 15); arrival 1,
    // due at 12, is then 3 ms late: it starts at once, before I/O queued meanwhile runs.
    const clock = handClock();
    const events: string[] = [];
    const run = startArrivals({
      arrivals: { durationMs: 20, offsetsMs: [10, 12] },
      maxInFlight: 10,
      clock,
      iterate: async (ctx) => {
        events.push(`start ${ctx.index} at ${ctx.startedMs}`);
        if (ctx.index === 0) {
          setImmediate(() => events.push('io'));
          clock.set(15);
        }
      },
    });
    await run.result;
    expect(events).toEqual(['start 0 at 10', 'start 1 at 15', 'io']);
  });

  it('still yields once due arrivals have run for maxTurnMs', async () => {
    // Three arrivals due at once after a sleep; each start takes 1 ms. With maxTurnMs 2 the
    // turn that began at the first due one (11) yields before the start at 13.
    const clock = handClock();
    const events: string[] = [];
    const run = startArrivals({
      arrivals: { durationMs: 20, offsetsMs: [10, 10, 10, 10] },
      maxInFlight: 10,
      maxTurnMs: 2,
      clock,
      iterate: async (ctx) => {
        events.push(`start ${ctx.index} at ${ctx.startedMs}`);
        if (ctx.index === 0) setImmediate(() => events.push('io'));
        clock.set(ctx.startedMs + 1);
      },
    });
    await run.result;
    expect(events).toEqual([
      'start 0 at 10',
      'start 1 at 11',
      'start 2 at 12',
      'io',
      'start 3 at 13',
    ]);
  });
});
