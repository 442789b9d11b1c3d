import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { LoadConfigError } from './load-config-error.js';
import type { IterationContext } from './run-arrivals.js';
import { type RunUsersOptions, startUsers } from './run-users.js';

const busyFor =
  (clock: FakeClock, ms: number) =>
  async (ctx: IterationContext): Promise<void> => {
    await clock.sleepUntil(ctx.startedMs + ms, ctx.signal);
  };

const issuesOf = (options: RunUsersOptions): unknown => {
  try {
    startUsers(options);
  } catch (error) {
    return error instanceof LoadConfigError ? error.issues : error;
  }
  return [];
};

describe('startUsers options', () => {
  it('names every invalid option with its code, value and fix', () => {
    expect(
      issuesOf({ users: 0, durationMs: -1, gracefulStopMs: -2, iterate: async () => {} }),
    ).toEqual([
      { code: 'below-minimum', field: 'users', value: 0, fix: 'use an integer >= 1 users' },
      { code: 'negative', field: 'durationMs', value: -1, fix: 'use a number >= 0 ms' },
      { code: 'negative', field: 'gracefulStopMs', value: -2, fix: 'use a number >= 0 ms' },
    ]);
  });
});

describe('startUsers accounting', () => {
  it('counts iterate errors apart from aborts and keeps at most maxErrorSamples', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await startUsers({
      users: 1,
      durationMs: 50,
      maxErrorSamples: 2,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(ctx.startedMs + 10);
        throw new Error(`boom ${ctx.index}`);
      },
    }).result;
    expect(result).toMatchObject({ iterations: 5, completed: 0, aborted: 0, iterateErrors: 5 });
    expect(result.errorSamples.map((s) => [s.source, s.index, (s.error as Error).message])).toEqual(
      [
        ['iterate', 0, 'boom 0'],
        ['iterate', 1, 'boom 1'],
      ],
    );
  });

  it('counts an iteration that throws after its abort as aborted, not as an error', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await startUsers({
      users: 1,
      durationMs: 10,
      gracefulStopMs: 5,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(Number.POSITIVE_INFINITY, ctx.signal);
        throw ctx.signal.reason;
      },
    }).result;
    expect(result).toMatchObject({ iterations: 1, aborted: 1, iterateErrors: 0, errorSamples: [] });
  });

  it('counts time from the run start: offsets, progress, stop time and duration', async () => {
    const clock = createFakeClock({ startMs: 1000 });
    const reasons: unknown[] = [];
    const offsetsMs: number[] = [];
    const run = startUsers({
      users: 2,
      durationMs: 100,
      clock,
      iterate: async (ctx) => {
        offsetsMs.push(ctx.offsetMs);
        await clock.sleepUntil(ctx.startedMs + 1000, ctx.signal);
        const reason = ctx.signal.reason as { code: string; message: string };
        reasons.push(`${reason.code}: ${reason.message}`);
      },
    });
    await clock.advanceTo(1030);
    expect(run.progress()).toEqual({
      phase: 'scheduling',
      elapsedMs: 30,
      scheduled: 2,
      started: 2,
      dropped: 0,
      completed: 0,
      aborted: 0,
      iterateErrors: 0,
      inFlight: 2,
    });
    run.stop();
    const result = await run.result;
    expect(result.end).toEqual({ kind: 'stopped', reason: 'stop() called', atOffsetMs: 30 });
    const reason = 'LOAD_RUN_STOPPED: load run stopped: stop() called';
    expect(reasons).toEqual([reason, reason]);
    expect(offsetsMs).toEqual([0, 0]);
    expect([...result.lagRecord.offsetMs]).toEqual([0, 0]);
    expect(result.gracefulStopExpired).toBe(false);
    // Two starts in the 30 ms before the stop.
    expect(result.achievedRatePerSec).toBeCloseTo(66.6667, 3);
    expect(result.startMs).toBe(1000);
    // The time run (stopped at 30 ms), not the 100 ms the schedule asked for.
    expect(result.durationMs).toBe(30);
  });

  it('keeps a string abort reason, as runArrivals does', async () => {
    const controller = new AbortController();
    const clock = createFakeClock();
    const run = startUsers({
      users: 1,
      durationMs: 100,
      clock,
      signal: controller.signal,
      iterate: (ctx) => clock.sleepUntil(ctx.startedMs + 1000, ctx.signal),
    });
    controller.abort('not today');
    const result = await run.result;
    expect(result.end).toMatchObject({ kind: 'stopped', reason: 'not today' });
  });

  it('checks maxErrorSamples like the other options', () => {
    expect(() =>
      startUsers({ users: 1, durationMs: 1, maxErrorSamples: -1, iterate: async () => {} }),
    ).toThrow(/maxErrorSamples/);
  });

  it('tells an iteration aborted at graceful-stop expiry how long it was given, and names the end completed', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const reasons: unknown[] = [];
    const result = await startUsers({
      users: 1,
      durationMs: 100,
      gracefulStopMs: 50,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(Number.POSITIVE_INFINITY, ctx.signal);
        reasons.push(ctx.signal.reason);
      },
    }).result;
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'LOAD_GRACEFUL_STOP_EXPIRED',
        message: 'iteration still running 50 ms after the last stage ended (gracefulStopMs)',
      }),
    ]);
    expect(result).toMatchObject({
      end: { kind: 'completed' },
      gracefulStopExpired: true,
      durationMs: 150,
    });
  });

  it('reports graceful-stop, then done, as its phase', async () => {
    const clock = createFakeClock();
    const run = startUsers({
      users: 1,
      durationMs: 100,
      gracefulStopMs: 1000,
      clock,
      iterate: busyFor(clock, 150),
    });
    await clock.advanceTo(120);
    expect(run.progress().phase).toBe('graceful-stop');
    await clock.advanceTo(200);
    await run.result;
    expect(run.progress().phase).toBe('done');
  });

  it('names a stop "aborted" when the signal aborts with a non-Error, and rates an empty window 0', async () => {
    const controller = new AbortController();
    controller.abort(42);
    let calls = 0;
    const result = await startUsers({
      users: 1,
      durationMs: 100,
      clock: createFakeClock({ autoAdvance: true }),
      signal: controller.signal,
      iterate: async () => {
        calls++;
      },
    }).result;
    expect(calls).toBe(0);
    expect(result.end).toEqual({ kind: 'stopped', reason: 'aborted', atOffsetMs: 0 });
    expect(result.achievedRatePerSec).toBe(0);
  });

  it('lets a timer run between instant iterations, so a stop from a timer ends the run', async () => {
    // The fake clock never moves here: only the yield after a sub-millisecond iteration lets
    // the timer in.
    const run = startUsers({
      users: 2,
      durationMs: 100,
      clock: createFakeClock(),
      iterate: async () => {},
    });
    setTimeout(() => run.stop('from a timer'), 5);
    const result = await run.result;
    expect(result.end).toMatchObject({ kind: 'stopped', reason: 'from a timer' });
    expect(result.iterations).toBeGreaterThan(0);
  });

  it('removes its listener from the external signal when done', async () => {
    const controller = new AbortController();
    const clock = createFakeClock({ autoAdvance: true });
    await startUsers({
      users: 1,
      durationMs: 20,
      clock,
      signal: controller.signal,
      iterate: busyFor(clock, 10),
    }).result;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
