/** A monotonic millisecond clock; injectable so the engine can run on virtual time in tests. */
export interface Clock {
  /** Current time in ms on a monotonic clock (performance.now() in production). */
  now(): number;
}

export const systemClock: Clock = { now: () => performance.now() };
