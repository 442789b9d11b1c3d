import type { Clock } from './clock.js';

/** Options of the fake clock. */
export interface FakeClockOptions {
  /** Virtual time at creation, ms; default 0. */
  startMs?: number;
  /** Epoch ms that virtual time 0 maps to; default 0. */
  epochAtZeroMs?: number;
  /**
   * When true, whenever the process is otherwise idle (a `setImmediate` turn has passed with
   * sleepers pending), time jumps to the earliest sleeper's target; default false.
   */
  autoAdvance?: boolean;
}

/** A clock in virtual time: nothing happens until time is advanced. */
export interface FakeClock extends Clock {
  /**
   * Moves time forward to `targetMs` one sleeper at a time: time is set to each sleeper's
   * target, it is woken, and pending callbacks run before the next one, as on a perfect
   * event loop. Sleepers added meanwhile are honoured when due.
   */
  advanceTo(targetMs: number): Promise<void>;
  /** `advanceTo(now() + ms)`. */
  advanceBy(ms: number): Promise<void>;
  /**
   * Sets time to `targetMs` at once, then wakes every sleeper due, as if the event loop had
   * been blocked until then: late wake-ups, for testing catch-up.
   */
  jumpTo(targetMs: number): Promise<void>;
  /** Number of sleepers waiting. */
  pendingSleepers(): number;
}

interface Sleeper {
  targetMs: number;
  wake: () => void;
}

// One setImmediate turn lets every promise chain started by a wake-up run to its next await.
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Creates a fake clock; see `FakeClock`. */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  let nowMs = options.startMs ?? 0;
  const epochAtZeroMs = options.epochAtZeroMs ?? 0;
  // In the order they slept: the stable sort in wakeDue keeps that order for equal targets.
  const sleepers = new Set<Sleeper>();
  let autoScheduled = false;

  const earliestTargetMs = (): number | undefined => {
    let earliestMs: number | undefined;
    for (const s of sleepers) {
      earliestMs = earliestMs === undefined ? s.targetMs : Math.min(earliestMs, s.targetMs);
    }
    return earliestMs;
  };

  const wakeDue = (): void => {
    const due = [...sleepers]
      .filter((s) => s.targetMs <= nowMs)
      .sort((a, b) => a.targetMs - b.targetMs);
    for (const s of due) {
      sleepers.delete(s);
      s.wake();
    }
  };

  const scheduleAuto = (): void => {
    if (options.autoAdvance !== true || autoScheduled) return;
    autoScheduled = true;
    setImmediate(() => {
      autoScheduled = false;
      const nextMs = earliestTargetMs();
      if (nextMs === undefined) return;
      nowMs = Math.max(nowMs, nextMs);
      wakeDue();
      if (sleepers.size > 0) scheduleAuto();
    });
  };

  const clock: FakeClock = {
    now: () => nowMs,
    toEpochMs: (timeMs) => epochAtZeroMs + timeMs,
    sleepUntil(targetMs, signal) {
      if (signal?.aborted === true || targetMs <= nowMs) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const sleeper: Sleeper = {
          targetMs,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          sleepers.delete(sleeper);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.add(sleeper);
        scheduleAuto();
      });
    },
    async advanceTo(targetMs) {
      await settle();
      for (;;) {
        const nextMs = earliestTargetMs();
        if (nextMs === undefined || nextMs > targetMs) break;
        nowMs = Math.max(nowMs, nextMs);
        wakeDue();
        await settle();
      }
      nowMs = Math.max(nowMs, targetMs);
      await settle();
    },
    advanceBy(ms) {
      return clock.advanceTo(nowMs + ms);
    },
    async jumpTo(targetMs) {
      await settle();
      nowMs = Math.max(nowMs, targetMs);
      wakeDue();
      await settle();
    },
    pendingSleepers: () => sleepers.size,
  };
  return clock;
}
