import { setMaxListeners } from 'node:events';

/** Options of `runClosedLoop`. */
export interface ClosedLoopOptions {
  /** Iterations in flight at once; each worker starts its next one when the last settles. */
  workers: number;
  /** No iteration starts after this many ms from the loop's start. */
  durationMs: number;
  /** No iteration starts once this many have started (a bound whatever the speed). */
  maxIterations: number;
  /** Iterations still running this long after `durationMs` are aborted through the signal. */
  graceMs: number;
  /** One iteration; should honour `signal`. A rejection counts as an error. */
  iterate(signal: AbortSignal): Promise<void>;
}

/** What a closed loop did. */
export interface ClosedLoopResult {
  /** Iterations that resolved. */
  completed: number;
  /** Iterations that rejected (their first error is kept). */
  errors: number;
  firstError: string | null;
  /** First start to last settle, ms. */
  elapsedMs: number;
}

/**
 * Runs `workers` loops of `iterate` back to back until the time or count budget is spent,
 * then waits for the last iterations (aborting them after `graceMs`). Bounded in count and
 * time whatever the server does.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const controller = new AbortController();
  // Every in-flight iteration listens to this one signal (undici may hold a second
  // listener per request until its body is released).
  setMaxListeners(options.workers * 4, controller.signal);
  const startMs = performance.now();
  const stopAtMs = startMs + options.durationMs;
  let started = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | null = null;
  const guard = setTimeout(
    () => controller.abort(new Error('closed loop: grace period over')),
    options.durationMs + options.graceMs,
  );
  const worker = async (): Promise<void> => {
    while (started < options.maxIterations && performance.now() < stopAtMs) {
      started++;
      try {
        await options.iterate(controller.signal);
        completed++;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.workers }, worker));
  } finally {
    clearTimeout(guard);
  }
  return { completed, errors, firstError, elapsedMs: performance.now() - startMs };
}
