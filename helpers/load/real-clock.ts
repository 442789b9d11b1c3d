import type { Clock } from './clock.js';

/** Options of the real clock. */
export interface RealClockOptions {
  /**
   * Within this many ms of the target, poll with `setImmediate` instead of arming a timer;
   * default 1. Timers alone fire up to ~1.8 ms early (libuv counts whole ms) and are re-armed
   * when early, which leaves up to ~1 ms of lateness; the spin removes it.
   */
  spinMs?: number;
  /**
   * Most of one core the spin may take, 0-1; default 0.3. Above it (about 300 sleeps/s at
   * `spinMs` 1) sleeps use timers only: on a shared 2-core machine a process spinning a whole
   * core gets preempted for tens of ms, which costs more lateness than the spin saves.
   */
  maxSpinShare?: number;
}

/** How the real clock has been sleeping, for diagnostics and tests. */
export interface SpinStats {
  /** Sleeps that had to wait (target still ahead when called). */
  sleeps: number;
  /** Of those, sleeps allowed to spin for their last `spinMs`. */
  spunSleeps: number;
  /** Recent spin demand: spin time the sleeps asked for per ms of wall time, over ~1 s. */
  spinDemandShare: number;
}

/** The real clock, with its spin statistics. */
export interface RealClock extends Clock {
  spinStats(): SpinStats;
}

export const DEFAULT_SPIN_MS = 1;
export const DEFAULT_MAX_SPIN_SHARE = 0.3;

// Window of the spin-demand estimate: an exponentially decayed sum over about 1 s.
const DEMAND_WINDOW_MS = 1000;

/**
 * The real clock: `performance.now()` and a sleep that is never early. A timer wakes the
 * sleeper `spinMs` before the target (re-armed if it fired early), then `setImmediate`
 * polls, letting I/O run between polls, until `performance.now()` reaches the target. The
 * spin is skipped while the recent spin demand (the spin time sleeps would need, per ms of
 * wall time) is above `maxSpinShare`.
 */
export function createRealClock(options: RealClockOptions = {}): RealClock {
  const spinMs = options.spinMs ?? DEFAULT_SPIN_MS;
  const maxSpinShare = options.maxSpinShare ?? DEFAULT_MAX_SPIN_SHARE;
  let demandMs = 0;
  let demandAtMs = performance.now();
  let sleeps = 0;
  let spunSleeps = 0;

  // Counts what a sleep would spin whether or not it does, so the decision cannot oscillate.
  const spinAllowed = (nowMs: number, remainingMs: number): boolean => {
    demandMs =
      demandMs * Math.exp(-(nowMs - demandAtMs) / DEMAND_WINDOW_MS) + Math.min(remainingMs, spinMs);
    demandAtMs = nowMs;
    sleeps++;
    if (demandMs / DEMAND_WINDOW_MS > maxSpinShare) return false;
    spunSleeps++;
    return true;
  };

  return {
    now: () => performance.now(),
    toEpochMs: (timeMs) => performance.timeOrigin + timeMs,
    spinStats: () => ({
      sleeps,
      spunSleeps,
      spinDemandShare:
        (demandMs * Math.exp(-(performance.now() - demandAtMs) / DEMAND_WINDOW_MS)) /
        DEMAND_WINDOW_MS,
    }),
    sleepUntil(targetMs, signal) {
      const calledMs = performance.now();
      if (signal?.aborted === true || calledMs >= targetMs) return Promise.resolve();
      const leadMs = spinAllowed(calledMs, targetMs - calledMs) ? spinMs : 0;
      return new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let immediate: NodeJS.Immediate | undefined;
        const finish = (): void => {
          if (timer !== undefined) clearTimeout(timer);
          if (immediate !== undefined) clearImmediate(immediate);
          signal?.removeEventListener('abort', finish);
          resolve();
        };
        const step = (): void => {
          timer = undefined;
          immediate = undefined;
          const remainingMs = targetMs - performance.now();
          if (remainingMs <= 0) finish();
          else if (remainingMs > leadMs) timer = setTimeout(step, remainingMs - leadMs);
          else immediate = setImmediate(step);
        };
        signal?.addEventListener('abort', finish, { once: true });
        step();
      });
    },
  };
}

/** A shared real clock with the default options. */
export const realClock: RealClock = createRealClock();
