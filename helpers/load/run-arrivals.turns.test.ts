import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { createFakeClock } from './fake-clock.js';
import { type ArrivalRun, type RunArrivalsOptions, startArrivals } from './run-arrivals.js';

/**
 * A clock that moves only when the test spends time: handling an arrival (starting or
 * dropping it) costs 1 ms, as if it took that much CPU. Sleeps return at once.
 */
const cpuClock = (startMs: number) => {
  let nowMs = startMs;
  const clock: Clock = {
    now: () => nowMs,
    sleepUntil: async (targetMs) => {
      nowMs = Math.max(nowMs, targetMs);
    },
    toEpochMs: (timeMs) => timeMs,
  };
  return { clock, spend: (ms: number) => (nowMs += ms) };
};

/** Ten arrivals all due when the run starts (it starts 1000 ms late), one slot. */
const overdue = (
  extra: Partial<RunArrivalsOptions>,
  spend: (ms: number) => void = () => {},
): { run: ArrivalRun; startedIndexes: number[] } => {
  const startedIndexes: number[] = [];
  const run = startArrivals({
    arrivals: { durationMs: 10, offsetsMs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    maxInFlight: 1,
    startMs: 0,
    gracefulStopMs: 0,
    // Instant iterations: their slot frees only when the runner yields to the event loop.
    iterate: async ({ index }) => {
      startedIndexes.push(index);
      spend(1);
    },
    onDropped: () => spend(1),
    ...extra,
  });
  return { run, startedIndexes };
};

describe('runArrivals turns of overdue arrivals', () => {
  it('yields after 2 ms of a turn by default: at 1 ms per arrival, every other one finds the slot free', async () => {
    const { clock, spend } = cpuClock(1000);
    const { run, startedIndexes } = overdue({ clock }, spend);
    await run.result;
    expect(startedIndexes).toEqual([0, 2, 4, 6, 8]);
  });

  it('yields after maxTurnMs of a turn, not before', async () => {
    const { clock, spend } = cpuClock(1000);
    const { run, startedIndexes } = overdue({ clock, maxTurnMs: 3 }, spend);
    await run.result;
    expect(startedIndexes).toEqual([0, 3, 6, 9]);
  });

  it('yields after maxArrivalsPerTurn arrivals, not after one more', async () => {
    const { clock } = cpuClock(1000);
    const { run, startedIndexes } = overdue({ clock, maxArrivalsPerTurn: 2, maxTurnMs: 1000 });
    const result = await run.result;
    expect(startedIndexes).toEqual([0, 2, 4, 6, 8]);
    expect(result).toMatchObject({ scheduled: 10, started: 5, dropped: 5 });
  });

  it('drops arrivals due at the same instant beyond maxInFlight, even when iterations end at once', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const result = await startArrivals({
      arrivals: { durationMs: 10, offsetsMs: [0, 0, 0] },
      maxInFlight: 1,
      clock,
      iterate: async () => {},
    }).result;
    expect(result).toMatchObject({ scheduled: 3, started: 1, dropped: 2 });
  });

  it('lets a macrotask run between turns: a stop from setImmediate ends the run after the first turn', async () => {
    const { clock } = cpuClock(1000);
    let run: ArrivalRun | undefined;
    const startedIndexes: number[] = [];
    run = overdue({
      clock,
      maxInFlight: 10,
      maxArrivalsPerTurn: 2,
      maxTurnMs: 1000,
      iterate: async ({ index }) => {
        startedIndexes.push(index);
        if (index === 0) setImmediate(() => run?.stop('from a macrotask'));
      },
    }).run;
    const result = await run.result;
    expect(startedIndexes).toEqual([0, 1]);
    expect(result).toMatchObject({
      end: { kind: 'stopped', reason: 'from a macrotask' },
      scheduled: 2,
    });
  });
});
