import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import type { MetricName } from '../metrics/record-sample.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import type { SlaResult } from '../sla/check-sla.js';
import type { BaselineComparison } from './compare-baseline.js';
import {
  DISTRIBUTION_PERCENTILES,
  type Distribution,
  distributionOfStatistics,
} from './distribution.js';
import type { RunResults } from './run-results.js';
import { summarizeWorkload, type WorkloadSummary } from './workload-summary.js';

/** The trends the summary shows per scenario, in order: key, metric, label. */
export const SUMMARY_TRENDS = [
  { key: 'ttfb', metric: 'llm_ttfb_ms', label: 'TTFB', unit: 'ms' },
  { key: 'ttft', metric: 'llm_ttft_ms', label: 'TTFT', unit: 'ms' },
  { key: 'total', metric: 'llm_total_ms', label: 'total', unit: 'ms' },
  { key: 'itl', metric: 'llm_itl_ms', label: 'ITL', unit: 'ms' },
  { key: 'tpot', metric: 'llm_tpot_ms', label: 'TPOT', unit: 'ms' },
  { key: 'tokensPerSec', metric: 'llm_tokens_per_sec', label: 'tokens/s', unit: 'tokens/s' },
  { key: 'queue', metric: 'llm_queue_ms', label: 'queue', unit: 'ms' },
  { key: 'scheduleLag', metric: 'schedule_lag_ms', label: 'schedule lag', unit: 'ms' },
] as const satisfies readonly { key: string; metric: MetricName; label: string; unit: string }[];

/** Key of a summary trend: `ttft`, `tokensPerSec`, ... */
export type SummaryTrendKey = (typeof SUMMARY_TRENDS)[number]['key'];

/** What one scenario x prompt did, ready for the terminal, HTML and JSON reports. */
export interface ScenarioSummary {
  scenario: string;
  prompt: string;
  /** `scenario/prompt`. */
  label: string;
  state: ScenarioPart['state'];
  /** Why the scenario was skipped; null when it ran. */
  skipReason: string | null;
  /** A shard's results (SHARD=i/N): its SLAs are judged by the merge, not here. */
  shard?: { index: number; count: number };
  /** Requests made (http_reqs), whatever their outcome. */
  requests: number;
  /** Requests that did not fail. */
  ok: number;
  /** Requests counted in http_req_failed (status not 2xx or outcome not ok). */
  failed: number;
  /** Requests by outcome code, `ok` excluded. */
  failuresByOutcome: Record<string, number>;
  /** Requests by HTTP status ("0": no response). */
  requestsByStatus: Record<string, number>;
  /** Scheduled starts that found no free slot (dropped_iterations). */
  dropped: number;
  /** Target arrival rate (the hold stage's rate), requests/s. */
  targetRatePerSec: number;
  /** Average rate the schedule asks for, ramps included: expected arrivals / its length. */
  plannedRatePerSec: number;
  /** Starts per second of the schedule window; null before the scheduler reported any. */
  achievedRatePerSec: number | null;
  /** Length of the schedule, ms. */
  scheduleDurationMs: number;
  /**
   * Distributions of successful requests (outcome ok) per summary trend; schedule lag covers
   * every started request. Null when the trend has no values.
   */
  trends: Record<SummaryTrendKey, Distribution | null>;
  /** Output tokens of successful requests, summed. */
  outputTokens: number;
  slaResults: SlaResult[];
  /** Baseline comparison; null when none ran. */
  baseline: BaselineComparison | null;
  /** WORKLOAD runs: what was sent, the calibration, requested vs actual tokens; else null. */
  workload?: WorkloadSummary | null;
}

/** One summary per part, in the parts' order. */
export function summarizeRun(results: RunResults): ScenarioSummary[] {
  return results.parts.map((part) => summarizeScenario(part, results.store));
}

/** The summary of one part, its figures taken from `store` (scoped to the part). */
export function summarizeScenario(part: ScenarioPart, store: MetricStore): ScenarioSummary {
  const scope: TagValues = { scenario: part.scenario, prompt: part.prompt };
  const okScope: TagValues = { ...scope, outcome: 'ok' };
  const failuresByOutcome: Record<string, number> = {};
  const requestsByStatus: Record<string, number> = {};
  let requests = 0;
  for (const series of store.series('http_reqs')) {
    if (!matches(series.tags, scope)) continue;
    const count = sum(series.values);
    requests += count;
    const outcome = series.tags.outcome ?? 'unknown';
    const status = series.tags.status ?? 'unknown';
    if (outcome !== 'ok') failuresByOutcome[outcome] = (failuresByOutcome[outcome] ?? 0) + count;
    requestsByStatus[status] = (requestsByStatus[status] ?? 0) + count;
  }
  const failed = store.sum({ metric: 'http_req_failed', tags: scope });
  const trends = {} as Record<SummaryTrendKey, Distribution | null>;
  for (const trend of SUMMARY_TRENDS) {
    const tags = trend.key === 'scheduleLag' ? scope : okScope;
    trends[trend.key] = distributionOfStatistics(
      store.statistics({ metric: trend.metric, tags }, DISTRIBUTION_PERCENTILES),
    );
  }
  return {
    scenario: part.scenario,
    prompt: part.prompt,
    label: `${part.scenario}/${part.prompt}`,
    state: part.state,
    skipReason: part.skipReason ?? null,
    ...(part.shard ? { shard: { index: part.shard.index, count: part.shard.count } } : {}),
    requests,
    ok: requests - failed,
    failed,
    failuresByOutcome,
    requestsByStatus,
    dropped: store.sum({ metric: 'dropped_iterations', tags: scope }),
    targetRatePerSec: part.targetRatePerSec,
    plannedRatePerSec: plannedRate(part.schedule),
    achievedRatePerSec: achievedRate(part),
    scheduleDurationMs: part.schedule.stages.reduce((total, s) => total + s.durationMs, 0),
    trends,
    outputTokens: store.sum({ metric: 'llm_output_tokens', tags: okScope }),
    slaResults: part.slaResults,
    baseline: part.baseline ?? null,
    workload: summarizeWorkload(part, store),
  };
}

/** Expected arrivals of the schedule (area under its rate) per second of its length. */
export function plannedRate(schedule: ArrivalSchedule): number {
  let from = schedule.startRatePerSec;
  let arrivals = 0;
  let totalMs = 0;
  for (const stage of schedule.stages) {
    arrivals += ((from + stage.targetRatePerSec) / 2) * (stage.durationMs / 1000);
    totalMs += stage.durationMs;
    from = stage.targetRatePerSec;
  }
  return totalMs > 0 ? arrivals / (totalMs / 1000) : 0;
}

function achievedRate(part: ScenarioPart): number | null {
  if (part.arrivals !== null) return part.arrivals.achievedRatePerSec;
  const progress = part.progress;
  if (progress === null || progress.elapsedMs <= 0) return null;
  return progress.started / (progress.elapsedMs / 1000);
}

function matches(tags: TagValues, wanted: TagValues): boolean {
  for (const [name, value] of Object.entries(wanted)) if (tags[name] !== value) return false;
  return true;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
