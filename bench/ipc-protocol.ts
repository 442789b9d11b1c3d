/** Which bench server a child process runs. */
export type ServerKind = 'simulator' | 'prebuilt';

/** What the simulator wrote for one completion, as the bench needs it (child clock, ms). */
export interface TruthSummary {
  /** Response id. */
  id: string;
  /** Right after each output event was written, on the child's performance.now(). */
  eventMs: number[];
  /** Time spent in the simulator's queue before a slot was free, ms; null if never admitted. */
  queueMs: number | null;
  /** How the response ended, from the server's side (`finished` when whole). */
  outcome: string;
}

/** Requests from the bench to its server process; each answer carries the same `id`. */
export type ParentMessage =
  | { type: 'ping'; id: number }
  | { type: 'truth'; id: number; responseIds: string[] }
  | { type: 'usage'; id: number };

/** Messages from a server process to the bench. */
export type ChildMessage =
  /** Listening at `url`; `monotonicOriginMs`: where its performance.now() is 0 on CLOCK_MONOTONIC. */
  | { type: 'ready'; url: string; monotonicOriginMs: number }
  | { type: 'failed'; message: string }
  /** `nowMs`: the child's performance.now() when it answered. */
  | { type: 'pong'; id: number; nowMs: number }
  /** Records for the ids asked, in order; an unknown id is left out. */
  | { type: 'truth'; id: number; records: TruthSummary[] }
  /** CPU time the child has used so far (user + system), ms, and its clock. */
  | { type: 'usage'; id: number; cpuMs: number; nowMs: number }
  | { type: 'error'; id: number; message: string };

/**
 * Where this process's performance.now() zero lies on the machine's monotonic clock, ms.
 * On Linux, process.hrtime is CLOCK_MONOTONIC, shared by every process, so two processes'
 * origins give their exact clock offset: a check on the ping-pong estimate.
 */
export function monotonicOriginMs(): number {
  let best = Number.POSITIVE_INFINITY;
  let origin = 0;
  // Read between two performance.now() calls; keep the tightest bracket.
  for (let i = 0; i < 20; i++) {
    const before = performance.now();
    const hrMs = Number(process.hrtime.bigint()) / 1e6;
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      origin = hrMs - (before + after) / 2;
    }
  }
  return origin;
}
