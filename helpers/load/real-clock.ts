import type { Clock } from './clock.js';

/** Options of the real clock. */
export interface RealClockOptions {
  /**
   * Within this many ms of the target, poll with `setImmediate` instead of arming a timer;
   * default 1. Timers alone fire up to ~1.8 ms early (libuv counts whole ms) and are re-armed
   * when early; the spin removes the last timer's whole-ms lateness.
   */
  spinMs?: number;
}

export const DEFAULT_SPIN_MS = 1;

/**
 * The real clock: `performance.now()` and a sleep that is never early. A timer wakes the
 * sleeper `spinMs` before the target (re-armed if it fired early), then `setImmediate`
 * polls, letting I/O run between polls, until `performance.now()` reaches the target.
 */
export function createRealClock(options: RealClockOptions = {}): Clock {
  const spinMs = options.spinMs ?? DEFAULT_SPIN_MS;
  return {
    now: () => performance.now(),
    toEpochMs: (timeMs) => performance.timeOrigin + timeMs,
    sleepUntil(targetMs, signal) {
      if (signal?.aborted === true || performance.now() >= targetMs) return Promise.resolve();
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
          else if (remainingMs > spinMs) timer = setTimeout(step, remainingMs - spinMs);
          else immediate = setImmediate(step);
        };
        signal?.addEventListener('abort', finish, { once: true });
        step();
      });
    },
  };
}

/** A shared real clock with the default options. */
export const realClock: Clock = createRealClock();
