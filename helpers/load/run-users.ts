import type { ArrivalRunResult, LoadProgress, RunEnd, RunPhase } from './arrival-run-result.js';
import type { Clock } from './clock.js';
import { FloatColumn } from './float-column.js';
import { IterationAbortError } from './iteration-abort-error.js';
import { summarizeLags } from './lag-summary.js';
import { checkNumber, LoadConfigError, type LoadIssue } from './load-config-error.js';
import { realClock } from './real-clock.js';
import {
  checkStopOptions,
  DEFAULT_GRACEFUL_STOP_MS,
  DEFAULT_MAX_ERROR_SAMPLES,
  describeReason,
  type IterationContext,
} from './run-arrivals.js';

/** Options of `startUsers`: the closed model (k6 `constant-vus`, GuideLLM `concurrent`). */
export interface RunUsersOptions {
  /** Users at once; each starts its next iteration as soon as its last one settled. */
  users: number;
  /** How long users start new iterations, ms (the stages' total length). */
  durationMs: number;
  /** After `durationMs`, how long in-flight iterations may run on, ms; default 30 000. */
  gracefulStopMs?: number;
  /** Time source; default the real clock. */
  clock?: Clock;
  /** The work of one iteration; it should honour `ctx.signal`. Its errors are counted. */
  iterate: (ctx: IterationContext) => Promise<void>;
  /** Stops the run early: no new iterations, in-flight ones aborted at once. */
  signal?: AbortSignal;
  /** How many errors to keep in `errorSamples`; default 10. */
  maxErrorSamples?: number;
}

/** What a closed-model run did: the arrival account (no drops, no lag) plus users and iterations. */
export interface UsersRunResult extends ArrivalRunResult {
  /** Users at once (k6 `vus`). */
  vus: number;
  /** Iterations started by all users (k6 `iterations`). */
  iterations: number;
}

/** A closed-model run in progress. */
export interface UsersRun {
  progress(): LoadProgress;
  stop(reason?: string): void;
  result: Promise<UsersRunResult>;
}

/**
 * Starts `users` users at once; each runs `iterate` back to back until `durationMs` has passed,
 * then in-flight iterations get `gracefulStopMs` before their signals are aborted. Nothing is
 * dropped and nothing is late: a user starts when its previous iteration ended, so the result
 * has no schedule lag (`scheduleLagMs` of each iteration is 0). Throws `LoadConfigError` on
 * invalid options.
 */
export function startUsers(options: RunUsersOptions): UsersRun {
  const issues: LoadIssue[] = [];
  checkNumber(issues, 'users', options.users, { min: 1, integer: true, unit: 'users' });
  checkNumber(issues, 'durationMs', options.durationMs, { min: 0, unit: 'ms' });
  checkStopOptions(issues, options);
  if (issues.length > 0) throw new LoadConfigError(issues);
  const clock = options.clock ?? realClock;
  const gracefulStopMs = options.gracefulStopMs ?? DEFAULT_GRACEFUL_STOP_MS;
  const maxErrorSamples = options.maxErrorSamples ?? DEFAULT_MAX_ERROR_SAMPLES;
  const startMs = clock.now();
  const endMs = startMs + options.durationMs;
  const stopController = new AbortController();
  const inFlightControllers = new Set<AbortController>();
  const offsets = new FloatColumn();
  const errorSamples: ArrivalRunResult['errorSamples'] = [];
  let phase: RunPhase = 'scheduling';
  let end: RunEnd = { kind: 'completed' };
  let started = 0;
  let startedInWindow = 0;
  let completed = 0;
  let aborted = 0;
  let iterateErrors = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let gracefulStopExpired = false;

  const isStopped = (): boolean => end.kind === 'stopped';
  const stop = (reason: string): void => {
    if (phase === 'done' || isStopped()) return;
    end = { kind: 'stopped', reason, atOffsetMs: clock.now() - startMs };
    stopController.abort();
    const error = new IterationAbortError('LOAD_RUN_STOPPED', `load run stopped: ${reason}`);
    for (const controller of inFlightControllers) controller.abort(error);
  };
  const onExternalAbort = (): void => stop(describeReason(options.signal?.reason));

  const user = async (): Promise<void> => {
    while (!isStopped() && clock.now() < endMs) {
      const controller = new AbortController();
      inFlightControllers.add(controller);
      const index = started;
      const nowMs = clock.now();
      started++;
      startedInWindow++;
      inFlight++;
      if (inFlight > peakInFlight) peakInFlight = inFlight;
      offsets.push(nowMs - startMs);
      try {
        await options.iterate({
          index,
          offsetMs: nowMs - startMs,
          scheduledMs: nowMs,
          startedMs: nowMs,
          scheduleLagMs: 0,
          signal: controller.signal,
        });
        if (controller.signal.aborted) aborted++;
        else completed++;
      } catch (error) {
        if (controller.signal.aborted) aborted++;
        else {
          iterateErrors++;
          if (errorSamples.length < maxErrorSamples) {
            errorSamples.push({ source: 'iterate', index, error });
          }
        }
      } finally {
        inFlight--;
        inFlightControllers.delete(controller);
      }
      // An iteration that settled within a millisecond (e.g. in microtasks only) yields a
      // macrotask, so a user cannot starve the timers; real requests take longer than that.
      if (clock.now() - nowMs < 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const graceful = async (): Promise<void> => {
    await clock.sleepUntil(endMs, stopController.signal);
    if (isStopped()) return;
    phase = 'graceful-stop';
    await clock.sleepUntil(endMs + gracefulStopMs, stopController.signal);
    if (isStopped() || inFlight === 0) return;
    gracefulStopExpired = true;
    const error = new IterationAbortError(
      'LOAD_GRACEFUL_STOP_EXPIRED',
      `iteration still running ${gracefulStopMs} ms after the last stage ended (gracefulStopMs)`,
    );
    for (const controller of inFlightControllers) controller.abort(error);
  };

  const progress = (): LoadProgress => ({
    phase,
    elapsedMs: clock.now() - startMs,
    scheduled: started,
    started,
    dropped: 0,
    completed,
    aborted,
    iterateErrors,
    inFlight,
  });

  const run = async (): Promise<UsersRunResult> => {
    const users = Array.from({ length: options.users }, () => user());
    const timer = graceful();
    try {
      await Promise.all(users);
    } finally {
      phase = 'settling';
      // Every user has ended: release the grace timer (its sleeps resolve on abort).
      stopController.abort();
      await timer;
      phase = 'done';
      options.signal?.removeEventListener('abort', onExternalAbort);
    }
    const finishedMs = clock.now();
    const windowMs =
      end.kind === 'stopped' ? Math.min(end.atOffsetMs, options.durationMs) : options.durationMs;
    const lagMs = new Float64Array(started);
    return {
      end,
      scheduled: started,
      started,
      dropped: 0,
      completed,
      aborted,
      iterateErrors,
      hookErrors: 0,
      errorSamples,
      gracefulStopExpired,
      peakInFlight,
      startMs,
      startEpochMs: clock.toEpochMs(startMs),
      scheduleDurationMs: options.durationMs,
      // The time actually run, as runArrivals reports it: an early stop ends it early.
      durationMs: finishedMs - startMs,
      achievedRatePerSec: windowMs > 0 ? (startedInWindow * 1000) / windowMs : 0,
      scheduleLagMs: summarizeLags(lagMs),
      lagRecord: { offsetMs: offsets.toArray(), lagMs },
      vus: options.users,
      iterations: started,
    };
  };

  if (options.signal?.aborted === true) onExternalAbort();
  else options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  return { progress, stop: (reason = 'stop() called') => stop(reason), result: run() };
}
