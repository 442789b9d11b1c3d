import type { CompletionPlan, FinishReason } from './completion-plan.js';
import type { Fault } from './faults.js';

/** How a response ended, from the server's side. */
export type TruthOutcome =
  /** Still queued or being written. */
  | 'pending'
  /** Fully written. */
  | 'finished'
  /** Answered with an error status (injected fault or full queue). */
  | 'error-status'
  /** The simulator destroyed the connection (cut fault). */
  | 'cut'
  /** The client closed the connection first. */
  | 'client-closed'
  /** The simulator was closed while the response was in flight. */
  | 'server-closed';

/**
 * What the simulator did for one completion, keyed by the response id. Times are
 * performance.now() in the simulator's process, ms.
 */
export interface TruthRecord {
  id: string;
  /** Arrival order among accepted completions. */
  index: number;
  model: string;
  stream: boolean;
  /** HTTP status sent (0 when no status was sent). */
  status: number;
  promptTokens: number;
  /** Planned output tokens, reasoning included. */
  completionTokens: number;
  reasoningTokens: number;
  finishReason: FinishReason;
  fault: Fault;
  outcome: TruthOutcome;
  /** The request's headers were parsed. */
  arrivedMs: number;
  /** It left the queue and took a slot; null while queued or when never admitted. */
  admittedMs: number | null;
  /** Time spent in the FIFO queue (the X-Queue-Time header); null when never admitted. */
  queueMs: number | null;
  /** Right after the response headers (and role chunk) were written. */
  headersMs: number | null;
  /** Right after each output event was written (non-stream: one entry, the body). */
  eventMs: number[];
  /** The engine's target time of each of those events (eventMs - target = own lateness). */
  eventTargetMs: number[];
  /** Right after the response ended or the connection was cut. */
  endMs: number | null;
}

export function createTruthRecord(plan: CompletionPlan, arrivedMs: number): TruthRecord {
  return {
    id: plan.id,
    index: plan.index,
    model: plan.model,
    stream: plan.stream,
    status: 0,
    promptTokens: plan.promptTokens,
    completionTokens: plan.completionTokens,
    reasoningTokens: plan.reasoningTokens,
    finishReason: plan.finishReason,
    fault: plan.fault,
    outcome: 'pending',
    arrivedMs,
    admittedMs: null,
    queueMs: null,
    headersMs: null,
    eventMs: [],
    eventTargetMs: [],
    endMs: null,
  };
}

/** The last `limit` truth records by response id; limit 0 keeps nothing. */
export class TruthLog {
  readonly #records = new Map<string, TruthRecord>();

  constructor(readonly limit: number) {}

  /** Stores a record, evicting the oldest beyond the limit. */
  add(record: TruthRecord): void {
    if (this.limit === 0) return;
    this.#records.set(record.id, record);
    if (this.#records.size > this.limit) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.#records.keys().next().value;
      if (oldest !== undefined) this.#records.delete(oldest);
    }
  }

  get(id: string): TruthRecord | undefined {
    return this.#records.get(id);
  }

  /** All kept records, oldest first. */
  records(): TruthRecord[] {
    return [...this.#records.values()];
  }

  get size(): number {
    return this.#records.size;
  }

  clear(): void {
    this.#records.clear();
  }
}
