import { describe, expect, it } from 'vitest';
import { constantArrivalRate } from './arrival-schedule.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { IterationAbortError } from './iteration-abort-error.js';
import { LoadConfigError } from './load-config-error.js';
import { type ArrivalSource, planArrivals } from './plan-arrivals.js';
import {
  type DroppedArrival,
  type IterationContext,
  runArrivals,
  startArrivals,
} from './run-arrivals.js';

const source = (offsetsMs: number[], durationMs: number): ArrivalSource => ({
  durationMs,
  offsetsMs,
});

/** An iteration that takes `ms` of virtual time, or ends early when aborted. */
const busyFor =
  (clock: FakeClock, ms: number) =>
  async (ctx: IterationContext): Promise<void> => {
    await clock.sleepUntil(ctx.startedMs + ms, ctx.signal);
  };

/** An iteration that only ends when its signal aborts; records when and why. */
const untilAborted =
  (clock: FakeClock, seen: Array<{ atMs: number; reason: unknown }>) =>
  (ctx: IterationContext): Promise<void> =>
    new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        seen.push({ atMs: clock.now(), reason: ctx.signal.reason });
        resolve();
      });
    });

describe('runArrivals with a fake clock', () => {
  it('starts each iteration exactly at its scheduled virtual time', async () => {
    const clock = createFakeClock({ startMs: 1000, autoAdvance: true });
    const starts: Array<[number, number, number]> = [];
    const result = await runArrivals({
      arrivals: planArrivals(constantArrivalRate(5, 2000), { kind: 'even' }),
      maxInFlight: 10,
      clock,
      iterate: async (ctx) => {
        starts.push([ctx.index, ctx.startedMs, ctx.scheduleLagMs]);
      },
    });
    expect(starts).toEqual(Array.from({ length: 10 }, (_, i) => [i, 1000 + i * 200, 0]));
    expect(result).toMatchObject({ scheduled: 10, started: 10, completed: 10, dropped: 0 });
    expect(result.scheduleLagMs.maxMs).toBe(0);
  });

  it('starts arrivals that are already due in one tick, each with its own scheduled time and lag', async () => {
    const clock = createFakeClock();
    const starts: IterationContext[] = [];
    const run = startArrivals({
      arrivals: source([10, 20, 30, 40], 50),
      maxInFlight: 10,
      clock,
      iterate: async (ctx) => {
        starts.push(ctx);
      },
    });
    await clock.jumpTo(35); // the event loop was blocked from 0 to 35 ms
    expect(starts.map((c) => [c.scheduledMs, c.startedMs, c.scheduleLagMs])).toEqual([
      [10, 35, 25],
      [20, 35, 15],
      [30, 35, 5],
    ]);
    await clock.advanceTo(50);
    const result = await run.result;
    expect(starts[3]).toMatchObject({ scheduledMs: 40, startedMs: 40, scheduleLagMs: 0 });
    expect([...result.lagRecord.lagMs]).toEqual([25, 15, 5, 0]);
    expect([...result.lagRecord.offsetMs]).toEqual([10, 20, 30, 40]);
    expect(result.scheduleLagMs).toMatchObject({ count: 4, p50Ms: 10, maxMs: 25 });
  });

  it('yields between turns of due arrivals, so iterations settle and free slots in between', async () => {
    // 1000 arrivals due at once, cap 10, instant iterations. In one tick no slot frees up
    // (10 started, 990 dropped); in turns of 100, each turn starts 10 and drops 90.
    const clock = createFakeClock();
    const offsetsMs = Array.from({ length: 1000 }, (_, i) => 1 + i / 100);
    const run = startArrivals({
      arrivals: source(offsetsMs, 20),
      maxInFlight: 10,
      maxArrivalsPerTurn: 100,
      clock,
      iterate: async () => {},
    });
    await clock.jumpTo(15);
    await clock.advanceTo(20);
    const result = await run.result;
    expect(result).toMatchObject({ scheduled: 1000, started: 100, dropped: 900, completed: 100 });
    // Late arrivals keep their own lag: the first was due at 1 and started at 15.
    expect(result.lagRecord.lagMs[0]).toBe(14);
    expect(result.scheduleLagMs.count).toBe(100);
  });

  it('drops exactly the arrivals that find maxInFlight iterations running', async () => {
    // Arrivals every 10 ms, each iteration 25 ms, cap 2: arrivals 2, 5 and 8 find two running.
    const clock = createFakeClock({ autoAdvance: true });
    const droppedSeen: DroppedArrival[] = [];
    const result = await runArrivals({
      arrivals: source([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], 100),
      maxInFlight: 2,
      clock,
      iterate: busyFor(clock, 25),
      onDropped: (arrival) => droppedSeen.push(arrival),
    });
    expect(droppedSeen.map((d) => [d.index, d.droppedMs, d.inFlight])).toEqual([
      [2, 20, 2],
      [5, 50, 2],
      [8, 80, 2],
    ]);
    expect(result).toMatchObject({
      scheduled: 10,
      started: 7,
      dropped: 3,
      completed: 7,
      aborted: 0,
      peakInFlight: 2,
    });
  });

  it('lets in-flight iterations finish within the grace period, then ends', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: source([0], 100),
      maxInFlight: 1,
      gracefulStopMs: 50,
      clock,
      iterate: busyFor(clock, 120),
    });
    expect(result).toMatchObject({ completed: 1, aborted: 0, gracefulStopExpired: false });
    expect(result.durationMs).toBe(120);
  });

  it('waits for the end of the schedule even when nothing is in flight', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: source([0], 1000),
      maxInFlight: 1,
      clock,
      iterate: async () => {},
    });
    expect(result.durationMs).toBe(1000);
    expect(result.end).toEqual({ kind: 'completed' });
  });

  it('aborts iterations still running gracefulStopMs after the schedule ends', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const seen: Array<{ atMs: number; reason: unknown }> = [];
    const result = await runArrivals({
      arrivals: source([0, 10], 100),
      maxInFlight: 5,
      gracefulStopMs: 50,
      clock,
      iterate: untilAborted(clock, seen),
    });
    expect(seen.map((s) => s.atMs)).toEqual([150, 150]);
    const reason = seen[0]?.reason;
    expect(reason).toBeInstanceOf(IterationAbortError);
    expect(reason).toMatchObject({ name: 'AbortError', code: 'LOAD_GRACEFUL_STOP_EXPIRED' });
    expect(result).toMatchObject({
      started: 2,
      completed: 0,
      aborted: 2,
      gracefulStopExpired: true,
      durationMs: 150,
      end: { kind: 'completed' },
    });
  });

  it('waits for aborted iterations to settle before resolving', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    let settled = false;
    const result = await runArrivals({
      arrivals: source([0], 10),
      maxInFlight: 1,
      gracefulStopMs: 0,
      clock,
      iterate: async (ctx) => {
        await clock.sleepUntil(Number.POSITIVE_INFINITY, ctx.signal);
        // Cleanup after the abort takes another 5 ms of virtual time.
        await clock.sleepUntil(clock.now() + 5);
        settled = true;
      },
    });
    expect(settled).toBe(true);
    expect(result.durationMs).toBe(15);
    expect(result.aborted).toBe(1);
  });

  it('stops on the external signal: no new arrivals, in-flight iterations aborted at once', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const controller = new AbortController();
    void clock.sleepUntil(35).then(() => controller.abort(new Error('user pressed ctrl-c')));
    const seen: Array<{ atMs: number; reason: unknown }> = [];
    const result = await runArrivals({
      arrivals: source([0, 10, 20, 30, 40, 50], 60),
      maxInFlight: 10,
      clock,
      signal: controller.signal,
      iterate: untilAborted(clock, seen),
    });
    expect(seen.map((s) => s.atMs)).toEqual([35, 35, 35, 35]);
    expect(seen[0]?.reason).toMatchObject({ code: 'LOAD_RUN_STOPPED' });
    expect(result).toMatchObject({
      end: { kind: 'stopped', reason: 'user pressed ctrl-c', atOffsetMs: 35 },
      scheduled: 4,
      started: 4,
      aborted: 4,
      durationMs: 35,
    });
  });

  it('starts nothing when the signal is already aborted', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    let calls = 0;
    const result = await runArrivals({
      arrivals: source([0, 10], 20),
      maxInFlight: 1,
      clock,
      signal: AbortSignal.abort('not today'),
      iterate: async () => {
        calls++;
      },
    });
    expect(calls).toBe(0);
    expect(result.end).toEqual({ kind: 'stopped', reason: 'not today', atOffsetMs: 0 });
  });

  it('stops through the handle as through the signal', async () => {
    const clock = createFakeClock();
    const run = startArrivals({
      arrivals: source([0, 10, 20], 30),
      maxInFlight: 5,
      clock,
      iterate: busyFor(clock, 1000),
    });
    await clock.advanceTo(15);
    run.stop('enough');
    const result = await run.result;
    expect(result).toMatchObject({
      end: { kind: 'stopped', reason: 'enough', atOffsetMs: 15 },
      started: 2,
      aborted: 2,
    });
  });

  it('counts iterate errors, thrown or rejected, without stopping the run', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: source([0, 10, 20, 30], 40),
      maxInFlight: 10,
      clock,
      iterate: (ctx) => {
        if (ctx.index === 1) throw new Error('sync boom');
        if (ctx.index === 2) return Promise.reject(new Error('async boom'));
        return Promise.resolve();
      },
    });
    expect(result).toMatchObject({ started: 4, completed: 2, iterateErrors: 2, aborted: 0 });
    expect(result.errorSamples.map((s) => [s.source, s.index, (s.error as Error).message])).toEqual(
      [
        ['iterate', 1, 'sync boom'],
        ['iterate', 2, 'async boom'],
      ],
    );
  });

  it('keeps at most maxErrorSamples errors but counts them all', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: source([0, 1, 2, 3, 4], 5),
      maxInFlight: 10,
      maxErrorSamples: 2,
      clock,
      iterate: () => Promise.reject(new Error('no')),
    });
    expect(result.iterateErrors).toBe(5);
    expect(result.errorSamples.map((s) => s.index)).toEqual([0, 1]);
  });

  it('counts an error thrown by onDropped as a hook error and keeps scheduling', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await runArrivals({
      arrivals: source([0, 1, 2], 3),
      maxInFlight: 1,
      clock,
      iterate: busyFor(clock, 100),
      onDropped: () => {
        throw new Error('hook bug');
      },
    });
    expect(result).toMatchObject({ dropped: 2, hookErrors: 2, started: 1, completed: 1 });
    expect(result.errorSamples[0]).toMatchObject({ source: 'onDropped', index: 1 });
  });

  it('exposes live progress counters', async () => {
    const clock = createFakeClock();
    const run = startArrivals({
      arrivals: source([0, 10, 20, 30], 100),
      maxInFlight: 2,
      clock,
      iterate: busyFor(clock, 25),
    });
    await clock.advanceTo(20);
    expect(run.progress()).toEqual({
      phase: 'scheduling',
      elapsedMs: 20,
      scheduled: 3,
      started: 2,
      dropped: 1,
      completed: 0,
      aborted: 0,
      iterateErrors: 0,
      inFlight: 2,
    });
    await clock.advanceTo(40);
    // 0 and 10 ended at 25 and 35; 30 runs until 55.
    expect(run.progress()).toMatchObject({ phase: 'graceful-stop', completed: 2, inFlight: 1 });
    await clock.advanceTo(100);
    await run.result;
    expect(run.progress()).toMatchObject({ phase: 'done', completed: 3, inFlight: 0 });
  });

  it('reports achieved rate, start time and epoch', async () => {
    const clock = createFakeClock({ startMs: 500, epochAtZeroMs: 1_000_000, autoAdvance: true });
    const result = await runArrivals({
      arrivals: planArrivals(constantArrivalRate(50, 4000), { kind: 'even' }),
      maxInFlight: 10,
      clock,
      iterate: async () => {},
    });
    expect(result.achievedRatePerSec).toBe(50);
    expect(result.startMs).toBe(500);
    expect(result.startEpochMs).toBe(1_000_500);
    expect(result.scheduleDurationMs).toBe(4000);
  });

  it('rejects invalid options listing every problem', () => {
    let caught: unknown;
    try {
      startArrivals({
        arrivals: source([], -1),
        maxInFlight: 0.5,
        gracefulStopMs: Number.NaN,
        maxArrivalsPerTurn: 0,
        maxTurnMs: -1,
        iterate: async () => {},
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LoadConfigError);
    expect((caught as LoadConfigError).issues.map((i) => i.field)).toEqual([
      'maxInFlight',
      'gracefulStopMs',
      'maxArrivalsPerTurn',
      'maxTurnMs',
      'arrivals.durationMs',
    ]);
  });

  it('rejects an arrival source that goes back in time, after aborting what it started', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const seen: Array<{ atMs: number; reason: unknown }> = [];
    const run = runArrivals({
      arrivals: source([0, 20, 10], 30),
      maxInFlight: 5,
      clock,
      iterate: untilAborted(clock, seen),
    });
    await expect(run).rejects.toThrow(/arrivals\.offsetsMs\[2\] is 10: offsets must ascend/);
    expect(seen).toHaveLength(2);
  });

  it('rejects an arrival at or after the end of the schedule', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    await expect(
      runArrivals({
        arrivals: source([0, 30], 30),
        maxInFlight: 5,
        clock,
        iterate: async () => {},
      }),
    ).rejects.toMatchObject({ issues: [{ code: 'arrival-outside-schedule', value: 30 }] });
  });
});
