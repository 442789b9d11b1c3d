import type { RecentSummary } from './recent-samples.js';

/** Lightweight counters of a running simulator. */
export interface SimulatorStats {
  /** HTTP requests received, any path. */
  requests: number;
  /** Chat completions accepted (each got an id and, when the log is on, a truth record). */
  completions: number;
  /** Accepted completions whose response has not ended (queued or holding a slot). */
  inFlight: number;
  /** Completions waiting in the FIFO queue. */
  queued: number;
  /** Completions holding a slot (prefill, decode or stall). */
  active: number;
  /** Responses written to the end. */
  finished: number;
  /** Responses sent with a 4xx or 5xx status, injected faults included. */
  errorResponses: number;
  /** Connections the client closed before its response ended. */
  clientClosed: number;
  /** Faults drawn, by kind. */
  faults: { status: number; cut: number; malformed: number; stall: number };
  /** Engine steps run. */
  steps: number;
  /** How late engine steps started after their target, over the last 4096 steps. */
  stepLateMs: RecentSummary;
}
