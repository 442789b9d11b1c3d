import type {
  ArrivalRunResult,
  LoadProgress,
  RunEnd,
  RunErrorSample,
  RunPhase,
} from './arrival-run-result.js';
import type { Clock } from './clock.js';
import { FloatColumn } from './float-column.js';
import { IterationAbortError } from './iteration-abort-error.js';
import { summarizeLags } from './lag-summary.js';
import { checkNumber, LoadConfigError, type LoadIssue } from './load-config-error.js';
import type { ArrivalSource } from './plan-arrivals.js';
import { realClock } from './real-clock.js';

/** What `iterate` is told about its arrival. */
export interface IterationContext {
  /** Arrival index in schedule order, from 0; dropped arrivals take an index too. */
  index: number;
  /** Scheduled offset from the run start, ms. */
  offsetMs: number;
  /** When the arrival was due, clock ms (run start + offset). */
  scheduledMs: number;
  /** When `iterate` was called, clock ms; never before `scheduledMs`. */
  startedMs: number;
  /** startedMs - scheduledMs, ms, >= 0 (`schedule_lag_ms`). */
  scheduleLagMs: number;
  /** Aborted at graceful-stop expiry or an early stop; its reason is an `IterationAbortError`. */
  signal: AbortSignal;
}

/** What `onDropped` is told about an arrival that found `maxInFlight` iterations running. */
export interface DroppedArrival {
  /** Arrival index in schedule order. */
  index: number;
  /** Scheduled offset from the run start, ms. */
  offsetMs: number;
  /** When the arrival was due, clock ms. */
  scheduledMs: number;
  /** When it was dropped, clock ms. */
  droppedMs: number;
  /** Iterations in flight at that moment (= maxInFlight). */
  inFlight: number;
}

/** Options of `runArrivals` / `startArrivals`. */
export interface RunArrivalsOptions {
  /** When iterations start: a plan from `planArrivals` or any `{ durationMs, offsetsMs }`. */
  arrivals: ArrivalSource;
  /** Iterations allowed in flight at once (k6 `maxVUs`); an arrival beyond it is dropped. */
  maxInFlight: number;
  /** After the schedule's end, how long in-flight iterations may run on, ms; default 30 000. */
  gracefulStopMs?: number;
  /** Time source; default the real clock (`performance.now()`, never-early sleeps). */
  clock?: Clock;
  /** The work of one iteration; it should honour `ctx.signal`. Its errors are counted. */
  iterate: (ctx: IterationContext) => Promise<void>;
  /** Stops the run early: no new arrivals, in-flight iterations aborted at once. */
  signal?: AbortSignal;
  /** Called for each dropped arrival; must be cheap (it runs on the scheduling path). */
  onDropped?: (arrival: DroppedArrival) => void;
  /** How many errors to keep in `errorSamples`; default 10. */
  maxErrorSamples?: number;
  /**
   * Most arrivals handled (started or dropped) in one event-loop turn when they are already
   * due; then the runner yields (`setImmediate`) so timers, I/O and signal handlers run.
   * Default 256.
   */
  maxArrivalsPerTurn?: number;
  /**
   * Most clock ms a turn may spend on due arrivals, counted from the first that was due, before
   * the runner yields; default 2.
   */
  maxTurnMs?: number;
  /**
   * Clock time the offsets count from; default now. Not after now: a start a little past
   * (START_AT reached late) starts the arrivals already due at once, each with its lag.
   */
  startMs?: number;
}

/** A run in progress. */
export interface ArrivalRun {
  /** Counters as of now. */
  progress(): LoadProgress;
  /** Stops the run early, like the external signal. */
  stop(reason?: string): void;
  /** Settles when every iteration has settled; rejects only on an invalid arrival source. */
  result: Promise<ArrivalRunResult>;
}

export const DEFAULT_GRACEFUL_STOP_MS = 30_000;
export const DEFAULT_MAX_ERROR_SAMPLES = 10;
export const DEFAULT_MAX_ARRIVALS_PER_TURN = 256;
export const DEFAULT_MAX_TURN_MS = 2;

// A macrotask: timers, I/O and signal handlers run before it (unlike a microtask).
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the arrivals and resolves with the result; see `startArrivals`. */
export function runArrivals(options: RunArrivalsOptions): Promise<ArrivalRunResult> {
  try {
    return startArrivals(options).result;
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Checks the options both runners share (`gracefulStopMs`, `maxErrorSamples`) into `issues`. */
export function checkStopOptions(
  issues: LoadIssue[],
  options: { gracefulStopMs?: number; maxErrorSamples?: number },
): void {
  if (options.gracefulStopMs !== undefined) {
    checkNumber(issues, 'gracefulStopMs', options.gracefulStopMs, { min: 0, unit: 'ms' });
  }
  if (options.maxErrorSamples !== undefined) {
    checkNumber(issues, 'maxErrorSamples', options.maxErrorSamples, {
      min: 0,
      integer: true,
      unit: '',
    });
  }
}

function checkOptions(options: RunArrivalsOptions): void {
  const issues: LoadIssue[] = [];
  checkNumber(issues, 'maxInFlight', options.maxInFlight, {
    min: 1,
    integer: true,
    unit: 'iterations',
  });
  checkStopOptions(issues, options);
  if (options.maxArrivalsPerTurn !== undefined) {
    checkNumber(issues, 'maxArrivalsPerTurn', options.maxArrivalsPerTurn, {
      min: 1,
      integer: true,
      unit: 'arrivals',
    });
  }
  if (options.maxTurnMs !== undefined) {
    checkNumber(issues, 'maxTurnMs', options.maxTurnMs, { min: 0, unit: 'ms' });
  }
  checkNumber(issues, 'arrivals.durationMs', options.arrivals.durationMs, { min: 0, unit: 'ms' });
  if (issues.length > 0) throw new LoadConfigError(issues);
}

/** The reason of an external abort as text: an Error's message, a string as is, else 'aborted'. */
export function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'string') return reason;
  return 'aborted';
}

/**
 * Starts an open-model run: each arrival starts `iterate` at start + offset, whatever the
 * earlier iterations are doing, or is dropped when `maxInFlight` are in flight. Sleeps aim
 * at absolute times, so lateness does not accumulate; arrivals already due (after a stall)
 * start back to back, each with its own scheduled time and lag. After the schedule's
 * end, in-flight iterations get `gracefulStopMs`, then their signals are aborted, and the run
 * settles when all of them have settled. Throws a `LoadConfigError` on invalid options.
 *
 * A turn of due arrivals is bounded (`maxArrivalsPerTurn`, `maxTurnMs`): a runner that falls
 * behind yields to the event loop between turns, so a stop signal, timers and I/O still run
 * however many arrivals are overdue, and each late arrival keeps its own lag or is dropped.
 */
export function startArrivals(options: RunArrivalsOptions): ArrivalRun {
  checkOptions(options);
  const clock = options.clock ?? realClock;
  const gracefulStopMs = options.gracefulStopMs ?? DEFAULT_GRACEFUL_STOP_MS;
  const maxErrorSamples = options.maxErrorSamples ?? DEFAULT_MAX_ERROR_SAMPLES;
  const maxArrivalsPerTurn = options.maxArrivalsPerTurn ?? DEFAULT_MAX_ARRIVALS_PER_TURN;
  const maxTurnMs = options.maxTurnMs ?? DEFAULT_MAX_TURN_MS;
  const { maxInFlight, iterate, onDropped } = options;
  const scheduleDurationMs = options.arrivals.durationMs;

  const startMs = Math.min(options.startMs ?? Number.POSITIVE_INFINITY, clock.now());
  const scheduleEndMs = startMs + scheduleDurationMs;
  // Aborted on an early stop: cuts short whatever sleep the runner is in.
  const stopController = new AbortController();
  const inFlightControllers = new Set<AbortController>();
  const idleWaiters: Array<() => void> = [];
  const offsets = new FloatColumn();
  const lags = new FloatColumn();
  const errorSamples: RunErrorSample[] = [];

  let phase: RunPhase = 'scheduling';
  let end: RunEnd = { kind: 'completed' };
  let scheduled = 0;
  let started = 0;
  let dropped = 0;
  let completed = 0;
  let aborted = 0;
  let iterateErrors = 0;
  let hookErrors = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let startedInWindow = 0;
  let gracefulStopExpired = false;

  // A function, not an inline test: `end` changes inside callbacks TypeScript cannot see.
  const isStopped = (): boolean => end.kind === 'stopped';

  const keepError = (sample: RunErrorSample): void => {
    if (errorSamples.length < maxErrorSamples) errorSamples.push(sample);
  };

  const abortInFlight = (reason: IterationAbortError): void => {
    for (const controller of inFlightControllers) controller.abort(reason);
  };

  const whenIdle = (): Promise<void> =>
    inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));

  const settle = (controller: AbortController, index: number, failed: boolean, error: unknown) => {
    inFlightControllers.delete(controller);
    inFlight--;
    if (controller.signal.aborted) aborted++;
    else if (failed) {
      iterateErrors++;
      keepError({ source: 'iterate', index, error });
    } else completed++;
    if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
  };

  const stop = (reason: string): void => {
    // Once settling, every in-flight signal is already aborted: nothing is left to stop.
    if (phase === 'settling' || phase === 'done' || isStopped()) return;
    end = { kind: 'stopped', reason, atOffsetMs: clock.now() - startMs };
    stopController.abort();
    abortInFlight(new IterationAbortError('LOAD_RUN_STOPPED', `load run stopped: ${reason}`));
  };

  const onExternalAbort = (): void => stop(describeReason(options.signal?.reason));

  const launch = (index: number, offsetMs: number, scheduledMs: number): void => {
    scheduled++;
    const nowMs = clock.now();
    if (inFlight >= maxInFlight) {
      dropped++;
      if (onDropped !== undefined) {
        try {
          onDropped({ index, offsetMs, scheduledMs, droppedMs: nowMs, inFlight });
        } catch (error) {
          hookErrors++;
          keepError({ source: 'onDropped', index, error });
        }
      }
      return;
    }
    const controller = new AbortController();
    inFlightControllers.add(controller);
    inFlight++;
    started++;
    if (inFlight > peakInFlight) peakInFlight = inFlight;
    if (nowMs < scheduleEndMs) startedInWindow++;
    // Never negative: a clock that woke us early would be a bug, not a negative lag.
    const scheduleLagMs = Math.max(0, nowMs - scheduledMs);
    offsets.push(offsetMs);
    lags.push(scheduleLagMs);
    let work: Promise<void>;
    try {
      work = iterate({
        index,
        offsetMs,
        scheduledMs,
        startedMs: nowMs,
        scheduleLagMs,
        signal: controller.signal,
      });
    } catch (error) {
      work = Promise.reject(error);
    }
    Promise.resolve(work).then(
      () => settle(controller, index, false, undefined),
      (error: unknown) => settle(controller, index, true, error),
    );
  };

  const schedule = async (): Promise<void> => {
    const iterator = options.arrivals.offsetsMs[Symbol.iterator]();
    try {
      let index = 0;
      let previousMs = 0;
      // The current turn: arrivals handled since the last await, and when its run of due
      // arrivals began (null until one is due: the arrival a sleep woke up for is on time,
      // and the work it did must not make the next due one wait a turn).
      let turnArrivals = 0;
      let turnStartMs: number | null = null;
      for (;;) {
        if (isStopped()) return;
        const next = iterator.next();
        if (next.done === true) return;
        const offsetMs = next.value;
        if (!(offsetMs >= previousMs && offsetMs < scheduleDurationMs)) {
          throw new LoadConfigError([offsetIssue(index, offsetMs, previousMs, scheduleDurationMs)]);
        }
        previousMs = offsetMs;
        const scheduledMs = startMs + offsetMs;
        const nowMs = clock.now();
        if (nowMs < scheduledMs) {
          await clock.sleepUntil(scheduledMs, stopController.signal);
          if (isStopped()) return;
          turnArrivals = 0;
          turnStartMs = null;
        } else if (turnStartMs === null) {
          turnStartMs = nowMs;
        } else if (turnArrivals >= maxArrivalsPerTurn || nowMs - turnStartMs >= maxTurnMs) {
          // Behind schedule: due arrivals start without an await, but never for longer than a
          // turn, or a plan faster than the process would starve signals, timers and I/O.
          await nextTurn();
          if (isStopped()) return;
          turnArrivals = 0;
          turnStartMs = clock.now();
        }
        launch(index, offsetMs, scheduledMs);
        turnArrivals++;
        index++;
      }
    } finally {
      iterator.return?.();
    }
  };

  const gracefulStop = async (): Promise<void> => {
    await clock.sleepUntil(scheduleEndMs, stopController.signal);
    if (isStopped() || inFlight === 0) return;
    const graceController = new AbortController();
    const cancelGrace = (): void => graceController.abort();
    stopController.signal.addEventListener('abort', cancelGrace, { once: true });
    await Promise.race([
      whenIdle(),
      clock.sleepUntil(scheduleEndMs + gracefulStopMs, graceController.signal),
    ]);
    graceController.abort(); // releases the grace timer when the idle side won
    stopController.signal.removeEventListener('abort', cancelGrace);
    if (isStopped() || inFlight === 0) return;
    gracefulStopExpired = true;
    abortInFlight(
      new IterationAbortError(
        'LOAD_GRACEFUL_STOP_EXPIRED',
        `iteration still running ${gracefulStopMs} ms after the schedule ended (gracefulStopMs)`,
      ),
    );
  };

  const progress = (): LoadProgress => ({
    phase,
    elapsedMs: clock.now() - startMs,
    scheduled,
    started,
    dropped,
    completed,
    aborted,
    iterateErrors,
    inFlight,
  });

  const buildResult = (): ArrivalRunResult => {
    const endMs = clock.now();
    const windowMs =
      end.kind === 'stopped' ? Math.min(end.atOffsetMs, scheduleDurationMs) : scheduleDurationMs;
    const lagMs = lags.toArray();
    return {
      end,
      scheduled,
      started,
      dropped,
      completed,
      aborted,
      iterateErrors,
      hookErrors,
      errorSamples,
      gracefulStopExpired,
      peakInFlight,
      startMs,
      startEpochMs: clock.toEpochMs(startMs),
      scheduleDurationMs,
      durationMs: endMs - startMs,
      achievedRatePerSec: windowMs > 0 ? (startedInWindow * 1000) / windowMs : 0,
      scheduleLagMs: summarizeLags(lagMs),
      lagRecord: { offsetMs: offsets.toArray(), lagMs },
    };
  };

  const run = async (): Promise<ArrivalRunResult> => {
    try {
      await schedule();
      phase = 'graceful-stop';
      await gracefulStop();
      phase = 'settling';
      await whenIdle();
    } catch (error) {
      // An invalid arrival source: stop cleanly, then report it.
      stop('invalid arrival source');
      phase = 'settling';
      await whenIdle();
      throw error;
    } finally {
      phase = 'done';
      options.signal?.removeEventListener('abort', onExternalAbort);
    }
    return buildResult();
  };

  if (options.signal?.aborted === true) onExternalAbort();
  else options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  return { progress, stop: (reason = 'stop() called') => stop(reason), result: run() };
}

function offsetIssue(
  index: number,
  offsetMs: number,
  previousMs: number,
  durationMs: number,
): LoadIssue {
  const field = `arrivals.offsetsMs[${index}]`;
  if (Number.isFinite(offsetMs) && offsetMs < previousMs) {
    return {
      code: 'arrival-out-of-order',
      field,
      value: offsetMs,
      fix: `offsets must ascend; the previous one was ${previousMs}`,
    };
  }
  return {
    code: 'arrival-outside-schedule',
    field,
    value: offsetMs,
    fix: `use an offset in [0, ${durationMs}) ms (arrivals.durationMs)`,
  };
}
