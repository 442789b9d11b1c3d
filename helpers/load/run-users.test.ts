import { describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { LoadConfigError } from './load-config-error.js';
import type { IterationContext } from './run-arrivals.js';
import { startUsers } from './run-users.js';

const busyFor =
  (clock: FakeClock, ms: number) =>
  async (ctx: IterationContext): Promise<void> => {
    await clock.sleepUntil(ctx.startedMs + ms, ctx.signal);
  };

describe('startUsers (closed model) with a fake clock', () => {
  it('runs N users back to back: 4 users x 300 ms for 3 s start 40 iterations, never more than 4 at once', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const starts: number[] = [];
    const run = startUsers({
      users: 4,
      durationMs: 3000,
      clock,
      iterate: async (ctx) => {
        starts.push(ctx.startedMs);
        await busyFor(clock, 300)(ctx);
      },
    });
    const result = await run.result;
    expect(result).toMatchObject({ vus: 4, iterations: 40, completed: 40, dropped: 0 });
    expect(result.peakInFlight).toBe(4);
    expect(result.achievedRatePerSec).toBeCloseTo(40 / 3, 9);
    // Each user starts its next iteration the moment its last one ended.
    expect(starts.filter((t) => t === 0)).toHaveLength(4);
    expect(starts.filter((t) => t === 300)).toHaveLength(4);
    expect(Math.max(...starts)).toBe(2700);
    expect(result.scheduleLagMs.maxMs).toBe(0);
  });

  it('gives in-flight iterations the graceful stop, then aborts them', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const run = startUsers({
      users: 2,
      durationMs: 1000,
      gracefulStopMs: 100,
      clock,
      iterate: busyFor(clock, 800),
    });
    const result = await run.result;
    // Starts at 0 and 800; those at 800 run to 1600, past 1000 + 100: aborted at 1100.
    expect(result).toMatchObject({ iterations: 4, completed: 2, aborted: 2 });
    expect(result.gracefulStopExpired).toBe(true);
    expect(result.durationMs).toBe(1100);
  });

  it('stops at once on the signal', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const stop = new AbortController();
    const run = startUsers({
      users: 3,
      durationMs: 10_000,
      clock,
      signal: stop.signal,
      iterate: async (ctx) => {
        if (ctx.index === 5) stop.abort(new Error('Ctrl-C'));
        await busyFor(clock, 100)(ctx);
      },
    });
    const result = await run.result;
    expect(result.end).toMatchObject({ kind: 'stopped', reason: 'Ctrl-C' });
    expect(result.iterations).toBe(6);
  });

  it('rejects a user count that is not a whole number >= 1, naming the field', () => {
    expect(() => startUsers({ users: 0, durationMs: 1000, iterate: async () => {} })).toThrow(
      LoadConfigError,
    );
    expect(() => startUsers({ users: 1.5, durationMs: 1000, iterate: async () => {} })).toThrow(
      /users is 1.5: use an integer >= 1 users/,
    );
  });
});
