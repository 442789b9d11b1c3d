import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import {
  type ArrivalRun,
  type IterationContext,
  runArrivals,
  startArrivals,
} from './run-arrivals.js';

/** An iteration that takes `ms` of virtual time, or ends early when aborted. */
const busyFor =
  (clock: FakeClock, ms: number) =>
  async (ctx: IterationContext): Promise<void> => {
    await clock.sleepUntil(ctx.startedMs + ms, ctx.signal);
  };

const reasonMessage = (signal: AbortSignal): unknown => (signal.reason as Error).message;

describe('runArrivals stopping', () => {
  it('counts stop time, progress and duration from the run start, not from clock zero', async () => {
    const clock = createFakeClock({ startMs: 1000 });
    const reasons: unknown[] = [];
    const run = startArrivals({
      arrivals: { durationMs: 30, offsetsMs: [0, 10, 20] },
      maxInFlight: 5,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(ctx.startedMs + 1000, ctx.signal);
        reasons.push(reasonMessage(ctx.signal));
      },
    });
    await clock.advanceTo(1015);
    expect(run.progress().elapsedMs).toBe(15);
    run.stop('enough');
    const result = await run.result;
    expect(result.end).toEqual({ kind: 'stopped', reason: 'enough', atOffsetMs: 15 });
    expect(result.durationMs).toBe(15);
    expect(reasons).toEqual(['load run stopped: enough', 'load run stopped: enough']);
  });

  it('names the stop "stop() called" when stop() is given no reason', async () => {
    const clock = createFakeClock();
    const run = startArrivals({
      arrivals: { durationMs: 30, offsetsMs: [0] },
      maxInFlight: 1,
      clock,
      iterate: busyFor(clock, 100),
    });
    run.stop();
    expect((await run.result).end).toEqual({
      kind: 'stopped',
      reason: 'stop() called',
      atOffsetMs: 0,
    });
  });

  it('names the stop "aborted" when the signal aborts with neither an Error nor a string', async () => {
    const controller = new AbortController();
    controller.abort(42);
    const result = await runArrivals({
      arrivals: { durationMs: 30, offsetsMs: [0] },
      maxInFlight: 1,
      clock: createFakeClock({ autoAdvance: true }),
      signal: controller.signal,
      iterate: async () => {},
    });
    expect(result.end).toEqual({ kind: 'stopped', reason: 'aborted', atOffsetMs: 0 });
  });

  it('tells an iteration aborted at graceful-stop expiry how long it was given', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const reasons: unknown[] = [];
    await runArrivals({
      arrivals: { durationMs: 100, offsetsMs: [0] },
      maxInFlight: 1,
      gracefulStopMs: 50,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(Number.POSITIVE_INFINITY, ctx.signal);
        reasons.push(reasonMessage(ctx.signal));
      },
    });
    expect(reasons).toEqual([
      'iteration still running 50 ms after the schedule ended (gracefulStopMs)',
    ]);
  });

  it('ignores a stop once settling after graceful-stop expiry: the run still ends completed', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const phases: string[] = [];
    let run: ArrivalRun | undefined;
    run = startArrivals({
      arrivals: { durationMs: 10, offsetsMs: [0] },
      maxInFlight: 1,
      gracefulStopMs: 0,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(Number.POSITIVE_INFINITY, ctx.signal);
        // Cleanup after the abort takes 5 ms; the runner waits in 'settling'.
        await clock.sleepUntil(clock.now() + 5);
        phases.push(run?.progress().phase ?? 'no run');
        run?.stop('too late');
      },
    });
    const result = await run.result;
    expect(phases).toEqual(['settling']);
    expect(result).toMatchObject({
      end: { kind: 'completed' },
      gracefulStopExpired: true,
      aborted: 1,
      durationMs: 15,
    });
  });

  it('cuts the grace period short on a stop, settling while an iteration ignores its signal', async () => {
    const clock = createFakeClock();
    const run = startArrivals({
      arrivals: { durationMs: 10, offsetsMs: [0] },
      maxInFlight: 1,
      gracefulStopMs: 1000,
      clock,
      // Ignores its signal: runs 500 ms whatever happens.
      iterate: async (ctx) => {
        await clock.sleepUntil(ctx.startedMs + 500);
      },
    });
    await clock.advanceTo(20);
    expect(run.progress().phase).toBe('graceful-stop');
    run.stop('enough');
    await clock.advanceTo(30);
    expect(run.progress().phase).toBe('settling');
    await clock.advanceTo(500);
    const result = await run.result;
    expect(result).toMatchObject({
      end: { kind: 'stopped', reason: 'enough', atOffsetMs: 20 },
      aborted: 1,
      gracefulStopExpired: false,
      durationMs: 500,
    });
  });

  it('aborts what it started with the reason "invalid arrival source" and settles before rejecting', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const seen: Array<{ reason: unknown; phase: string }> = [];
    let run: ArrivalRun | undefined;
    run = startArrivals({
      arrivals: { durationMs: 30, offsetsMs: [0, 20, 10] },
      maxInFlight: 5,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(Number.POSITIVE_INFINITY, ctx.signal);
        await clock.sleepUntil(clock.now() + 5);
        seen.push({ reason: reasonMessage(ctx.signal), phase: run?.progress().phase ?? '' });
      },
    });
    await expect(run.result).rejects.toMatchObject({
      issues: [{ code: 'arrival-out-of-order' }],
    });
    const stopped = { reason: 'load run stopped: invalid arrival source', phase: 'settling' };
    expect(seen).toEqual([stopped, stopped]);
  });

  it('closes a generator of offsets when the run stops early', async () => {
    const clock = createFakeClock();
    let closed = false;
    function* offsetsMs(): Generator<number> {
      try {
        yield 0;
        yield 10;
        yield 20;
      } finally {
        closed = true;
      }
    }
    const run = startArrivals({
      arrivals: { durationMs: 30, offsetsMs: offsetsMs() },
      maxInFlight: 5,
      clock,
      iterate: async () => {},
    });
    await clock.advanceTo(5);
    expect(closed).toBe(false);
    run.stop('enough');
    await run.result;
    expect(closed).toBe(true);
  });

  it('removes its listener from the external signal when done', async () => {
    const controller = new AbortController();
    await runArrivals({
      arrivals: { durationMs: 10, offsetsMs: [0] },
      maxInFlight: 1,
      clock: createFakeClock({ autoAdvance: true }),
      signal: controller.signal,
      iterate: async () => {},
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
