import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import type { MetricName } from '../metrics/record-sample.js';
import { describeSlo, hasObjective, type RequestSlo } from '../metrics/request-slo.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import type { ServerErrors } from '../scenario/server-error-digest.js';
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
  { key: 'total', metric: 'http_req_duration', label: 'total', unit: 'ms' },
  { key: 'itl', metric: 'llm_itl_ms', label: 'ITL', unit: 'ms' },
  { key: 'tpot', metric: 'llm_tpot_ms', label: 'TPOT', unit: 'ms' },
  { key: 'tokensPerSec', metric: 'llm_tokens_per_sec', label: 'tokens/s', unit: 'tokens/s' },
  { key: 'queue', metric: 'llm_queue_ms', label: 'queue', unit: 'ms' },
  { key: 'scheduleLag', metric: 'schedule_lag_ms', label: 'schedule lag', unit: 'ms' },
] as const satisfies readonly { key: string; metric: MetricName; label: string; unit: string }[];

/** Key of a summary trend: `ttft`, `tokensPerSec`, ... */
export type SummaryTrendKey = (typeof SUMMARY_TRENDS)[number]['key'];

/** Goodput of a scenario x prompt: requests that met every SLO_* objective. */
export type GoodputSummary =
  | {
      status: 'recorded';
      /** The objectives, e.g. `TTFT <= 500 ms, TPOT <= 50 ms`. */
      objectives: string;
      /** Requests that met them. */
      good: number;
      /** Requests judged (every request of the scope). */
      requests: number;
      /** good / requests. */
      share: number;
      /** Good requests per second of the schedule (vLLM's request goodput). */
      perSec: number;
    }
  | { status: 'not-recorded'; reason: string };

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
  /** Closed model (CONCURRENCY): users at once and iterations; null for arrivals. */
  users: { vus: number; iterations: number | null } | null;
  /** `llm_goodput` as a share and per second, or why it was not recorded. */
  goodput: GoodputSummary;
  slaResults: SlaResult[];
  /** Why the SLAs were not judged (the run stopped before the end of its profile); else null. */
  notJudgedReason: string | null;
  /** Baseline comparison; null when none ran. */
  baseline: BaselineComparison | null;
  /** WORKLOAD runs: what was sent, the calibration, requested vs actual tokens; else null. */
  workload?: WorkloadSummary | null;
  /** The first distinct errors (the server's text, redacted) with counts; null when none was kept. */
  serverErrors?: ServerErrors | null;
  /** Why ABORT_ON_FAIL stopped the scenario early; null when it ran its course. */
  abortReason?: string | null;
}

/** One summary per part, in the parts' order. */
export function summarizeRun(results: RunResults): ScenarioSummary[] {
  return results.parts.map((part) =>
    summarizeScenario(part, results.store, results.config?.slo ?? null),
  );
}

/**
 * The summary of one part, its figures taken from `store` (scoped to the part); `slo` names the
 * goodput objectives (null: unknown, e.g. the config could not be read).
 */
export function summarizeScenario(
  part: ScenarioPart,
  store: MetricStore,
  slo: RequestSlo | null = null,
): ScenarioSummary {
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
    users: part.users ?? null,
    goodput: goodputOf(store, scope, slo, part.schedule),
    slaResults: part.slaResults,
    notJudgedReason: part.notJudgedReason ?? null,
    baseline: part.baseline ?? null,
    workload: summarizeWorkload(part, store),
    serverErrors: part.serverErrors ?? null,
    abortReason: part.abortReason ?? null,
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

function goodputOf(
  store: MetricStore,
  scope: TagValues,
  slo: RequestSlo | null,
  schedule: ArrivalSchedule,
): GoodputSummary {
  const values = store.select({ metric: 'llm_goodput', tags: scope }).values;
  if (values.length === 0) {
    return {
      status: 'not-recorded',
      reason: hasObjective(slo)
        ? 'no request was made'
        : 'no SLO_TTFT_MS, SLO_TPOT_MS or SLO_TOTAL_MS set',
    };
  }
  const good = sum(values);
  const seconds = schedule.stages.reduce((total, s) => total + s.durationMs, 0) / 1000;
  return {
    status: 'recorded',
    objectives: slo === null ? 'SLO_* of the run' : describeSlo(slo),
    good,
    requests: values.length,
    share: good / values.length,
    perSec: seconds > 0 ? good / seconds : 0,
  };
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
