import type { RequestSample } from '../client/request-sample.js';

/**
 * Per-request objectives (vLLM's `--goodput`): a request is good when its outcome is ok and
 * each objective that is set holds. Null: not part of the objective.
 */
export interface RequestSlo {
  /** `SLO_TTFT_MS`: time to first token, ms, at most. */
  ttftMs: number | null;
  /** `SLO_TPOT_MS`: time per output token after the first, ms, at most. */
  tpotMs: number | null;
  /** `SLO_TOTAL_MS`: whole request, ms, at most. */
  totalMs: number | null;
}

/** True when at least one objective is set (else `llm_goodput` is not recorded). */
export function hasObjective(slo: RequestSlo | null | undefined): slo is RequestSlo {
  return slo != null && (slo.ttftMs !== null || slo.tpotMs !== null || slo.totalMs !== null);
}

/**
 * Whether one request met the objectives: outcome ok and every set objective holds (<=).
 * A value the request cannot have is not part of its objective: TPOT of a non-stream request
 * or of an answer of one token (vLLM counts its TPOT as 0 too). TTFT and total of an ok request
 * are always measured.
 */
export function meetsSlo(sample: RequestSample, slo: RequestSlo): boolean {
  if (sample.outcome.kind !== 'ok') return false;
  if (!within(sample.ttftMs, slo.ttftMs, true)) return false;
  if (!within(sample.totalMs, slo.totalMs, true)) return false;
  return within(sample.tpotMs, slo.tpotMs, false);
}

/** `TTFT <= 500 ms, TPOT <= 50 ms` (the set objectives), or `none`. */
export function describeSlo(slo: RequestSlo | null | undefined): string {
  if (!hasObjective(slo)) return 'none';
  const parts: string[] = [];
  if (slo.ttftMs !== null) parts.push(`TTFT <= ${slo.ttftMs} ms`);
  if (slo.tpotMs !== null) parts.push(`TPOT <= ${slo.tpotMs} ms`);
  if (slo.totalMs !== null) parts.push(`total <= ${slo.totalMs} ms`);
  return parts.join(', ');
}

function within(value: number | null, limit: number | null, required: boolean): boolean {
  if (limit === null) return true;
  if (value === null) return !required;
  return value <= limit;
}
