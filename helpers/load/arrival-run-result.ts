import type { LagSummary } from './lag-summary.js';

/** How the schedule ended. */
export type RunEnd =
  /** Every arrival's time came; the schedule ran to its end. */
  | { kind: 'completed' }
  /** Stopped early by the external signal or `stop()`; no arrivals after `atOffsetMs`. */
  | { kind: 'stopped'; reason: string; atOffsetMs: number };

/** Where the run is. */
export type RunPhase =
  /** Arrivals are being started. */
  | 'scheduling'
  /** The last arrival was handled; waiting for the schedule's end, then the grace period. */
  | 'graceful-stop'
  /** In-flight iterations were aborted; waiting for them to settle. */
  | 'settling'
  | 'done';

/** Live counters, readable at any time (for a progress line). */
export interface LoadProgress {
  phase: RunPhase;
  /** Clock ms since the run started. */
  elapsedMs: number;
  /** Arrivals whose time came: started + dropped. */
  scheduled: number;
  /** Iterations started (`iterate` called). */
  started: number;
  /** Arrivals not started because `maxInFlight` iterations were running (`dropped_iterations`). */
  dropped: number;
  /** Iterations that resolved before their signal was aborted. */
  completed: number;
  /** Iterations that settled after their signal was aborted (graceful stop or external stop). */
  aborted: number;
  /** Iterations that threw or rejected without having been aborted. */
  iterateErrors: number;
  /** Iterations started and not yet settled. */
  inFlight: number;
}

/** One error kept for the report (the first few only). */
export interface RunErrorSample {
  /** What threw: the iteration, or the `onDropped` hook. */
  source: 'iterate' | 'onDropped';
  /** Arrival index. */
  index: number;
  /** The thrown value, as thrown. */
  error: unknown;
}

/** Started iterations as columns, in start order: one entry per started arrival. */
export interface LagRecord {
  /** Scheduled offset from the run start, ms. */
  offsetMs: Float64Array;
  /** Actual start minus scheduled time, ms (`schedule_lag_ms`), >= 0. */
  lagMs: Float64Array;
}

/** What a run did, for reports. Counts satisfy scheduled = started + dropped and, once done,
 * started = completed + aborted + iterateErrors. */
export interface ArrivalRunResult {
  end: RunEnd;
  scheduled: number;
  started: number;
  dropped: number;
  completed: number;
  aborted: number;
  iterateErrors: number;
  /** Errors thrown by the `onDropped` hook (they never stop the run). */
  hookErrors: number;
  /** The first errors (up to `maxErrorSamples`). */
  errorSamples: RunErrorSample[];
  /** True when the grace period ran out with iterations still in flight. */
  gracefulStopExpired: boolean;
  /** Largest number of iterations in flight at once. */
  peakInFlight: number;
  /** Run start on the clock's timeline, ms (performance.now() for the real clock). */
  startMs: number;
  /** Run start, epoch ms. */
  startEpochMs: number;
  /** Length of the schedule, ms (end of the last stage). */
  scheduleDurationMs: number;
  /** Run start to the last iteration settled (or the schedule's end, if later), ms. */
  durationMs: number;
  /**
   * Iterations started within the schedule window (run start to schedule end, or to the
   * stop) per second of that window.
   */
  achievedRatePerSec: number;
  /** `schedule_lag_ms` over the started iterations. */
  scheduleLagMs: LagSummary;
  /** Per started iteration: scheduled offset and lag (16 bytes each: 58 MB for 3.6M). */
  lagRecord: LagRecord;
}
