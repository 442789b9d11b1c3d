import type { ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import type { CompletionPlan } from './completion-plan.js';
import type { SimulatorOptions } from './simulator-options.js';
import type { TruthOutcome, TruthRecord } from './truth-log.js';
import type { LlamaTimings } from './wire-format.js';

/** What a responder needs to answer one completion. */
export interface ResponseContext {
  res: ServerResponse;
  plan: CompletionPlan;
  /** Filled in as the response is written (also when the truth log is off). */
  record: TruthRecord;
  clock: Clock;
  options: Pick<SimulatorOptions, 'flavor' | 'tokensPerEvent' | 'nonStreamHeadersAt'>;
  /** Called once when the response ends, whichever way. */
  onSettled(outcome: TruthOutcome): void;
  /** True once the simulator is closing (a dropped connection is then not the client's doing). */
  isClosing(): boolean;
}

/**
 * Writes and flushes at once. Node corks a response's socket until the next tick; uncorking
 * here puts the bytes in the kernel now, so the truth log's "written" time is honest.
 */
export function writeNow(res: ServerResponse, chunk: string): void {
  res.write(chunk);
  res.socket?.uncork();
}

/** `X-Queue-Time` value: ms with 3 decimals. */
export function formatQueueMs(queueMs: number): string {
  return queueMs.toFixed(3);
}

/** llama.cpp's timings from the truth record; prompt = admission to first token. */
export function llamaTimings(
  record: TruthRecord,
  firstTokenMs: number,
  lastTokenMs: number,
): LlamaTimings {
  const promptMs = Math.max(0, firstTokenMs - (record.admittedMs ?? firstTokenMs));
  const predictedMs = Math.max(0, lastTokenMs - firstTokenMs);
  const perSecond = (n: number, ms: number): number => (ms > 0 ? (n * 1000) / ms : 0);
  return {
    prompt_n: record.promptTokens,
    prompt_ms: promptMs,
    prompt_per_second: perSecond(record.promptTokens, promptMs),
    predicted_n: record.completionTokens,
    predicted_ms: predictedMs,
    predicted_per_second: perSecond(record.completionTokens, predictedMs),
  };
}
