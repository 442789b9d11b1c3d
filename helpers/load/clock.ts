/**
 * Time as the scheduler sees it, injectable so the runner is tested in virtual time.
 * All values are milliseconds on one monotonic timeline (for the real clock,
 * `performance.now()`, the timeline of `RequestSample.t0Ms`).
 */
export interface Clock {
  /** Current time, ms. */
  now(): number;
  /**
   * Resolves at `targetMs` or later, never earlier; at once when `targetMs` has passed.
   * Resolves (does not reject) as soon as `signal` aborts: the caller checks the signal.
   */
  sleepUntil(targetMs: number, signal?: AbortSignal): Promise<void>;
  /** Wall-clock epoch ms of a time on this clock, for reports and sample correlation. */
  toEpochMs(timeMs: number): number;
}
