import type { CapacityResult } from '../capacity/capacity-result.js';
import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import {
  HISTOGRAM_METRICS,
  HISTOGRAM_PRECISION,
  type HistogramPrecision,
} from '../metrics/histogram-metrics.js';
import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import { type MetricSelector, parseSelector } from '../metrics/parse-selector.js';
import { METRIC_DEFINITIONS, type MetricKind, metricDefinition } from '../metrics/record-sample.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { computeStatistics, percentileKey, type Statistics } from '../metrics/statistics.js';
import type {
  ArrivalsSummary,
  MergeNote,
  ScenarioPart,
  ShardStamp,
} from '../scenario/scenario-part.js';
import type { ServerErrors } from '../scenario/server-error-digest.js';
import type { SlaResult } from '../sla/check-sla.js';
import type { BaselineComparison } from './compare-baseline.js';
import type { Distribution } from './distribution.js';
import type { PublicSuiteConfig } from './public-config.js';
import { type RunResults, runDurationMs } from './run-results.js';
import type { GoodputSummary, ScenarioSummary } from './scenario-summary.js';
import type { WorkloadSummary } from './workload-summary.js';

/**
 * Thresholds of a metric as k6's `--summary-export` writes them: expression -> whether it
 * FAILED (k6 writes `!ok`, so `false` means the threshold held).
 */
export type K6ThresholdFlags = Record<string, boolean>;

/** A trend in the summary export: k6's default stats plus p(99) and count. */
export interface K6TrendValues {
  avg: number;
  min: number;
  med: number;
  max: number;
  'p(90)': number;
  'p(95)': number;
  'p(99)': number;
  /** Number of values; 0 means no samples (then every stat is 0, as k6 writes an empty trend). */
  count: number;
  thresholds?: K6ThresholdFlags;
}

/** A rate in the summary export: share of non-zero values and their counts. */
export interface K6RateValues {
  /** passes / (passes + fails); 0 when there are none. */
  value: number;
  /** Non-zero values (for http_req_failed: failed requests). */
  passes: number;
  /** Zero values. */
  fails: number;
  thresholds?: K6ThresholdFlags;
}

/** A counter in the summary export. */
export interface K6CounterValues {
  /** Sum of the values. */
  count: number;
  /** count per second of the whole run (k6 divides by the test duration). */
  rate: number;
  thresholds?: K6ThresholdFlags;
}

/** A gauge in the summary export (k6's shape): the latest value and the extremes. */
export interface K6GaugeValues {
  /** The latest point (by time). */
  value: number;
  min: number;
  max: number;
  thresholds?: K6ThresholdFlags;
}

/** Values of one metric or sub-metric. */
export type K6MetricValues = K6TrendValues | K6RateValues | K6CounterValues | K6GaugeValues;

/** k6's root group; this suite has no groups or checks, so it is always the empty one. */
export interface K6RootGroup {
  name: '';
  path: '';
  id: string;
  groups: Record<string, never>;
  checks: Record<string, never>;
}

/** Our own account of one scenario x prompt, next to k6's metrics. */
export interface SuiteScenarioSummary {
  scenario: string;
  prompt: string;
  state: ScenarioPart['state'];
  skipReason: string | null;
  model: string;
  baseUrl: string;
  simulated: boolean;
  /** Rate of the hold stage, requests/s. */
  targetRatePerSec: number;
  /** What the schedule asks on average, ramps included, requests/s. */
  plannedRatePerSec: number | null;
  /** Requests started per second of the schedule window. */
  achievedRatePerSec: number | null;
  schedule: ArrivalSchedule;
  arrivalPattern: 'even' | 'poisson';
  maxVus: number;
  /** Scenario start, RFC 3339. */
  startedAt: string;
  /** The scheduler's account; null when the run did not finish. */
  arrivals: ArrivalsSummary | null;
  requests: number;
  ok: number;
  failed: number;
  failuresByOutcome: Record<string, number>;
  requestsByStatus: Record<string, number>;
  droppedIterations: number;
  /** Actual minus scheduled start of the requests, ms. */
  scheduleLagMs: Distribution | null;
  /**
   * Requests by where their output token count came from: `usage` (the server's
   * usage.completion_tokens), `events` (output-bearing events counted), `none` (no count, e.g.
   * failed requests); null for parts written without it (skipped or interrupted early).
   */
  tokenSources: Record<string, number> | null;
  /** Closed model (CONCURRENCY): users at once (k6 `vus`); null for arrivals. */
  vus: number | null;
  /** Closed model: iterations the users started (k6 `iterations`); null for arrivals. */
  iterations: number | null;
  /** Requests that met every SLO_* objective, as a share and per second; or why not recorded. */
  goodput: GoodputSummary | null;
  slaResults: SlaResult[];
  /** Why no SLA was judged: the run stopped before the end of its profile; null otherwise. */
  notJudgedReason: string | null;
  baseline: BaselineComparison | null;
  /** WORKLOAD runs (specs/workload): source, calibration, requested vs actual tokens. */
  workload?: WorkloadSummary;
  /** The first distinct errors of its requests (the server's text, redacted), with counts. */
  serverErrors: ServerErrors | null;
  /** Why ABORT_ON_FAIL stopped the scenario early; null when it ran its course. */
  abortReason: string | null;
  /** A shard's results (SHARD): which share of the plan it ran (docs/shards.md). */
  shard?: ShardStamp;
  /** A merge's results (MERGE_FROM): the shards it holds, those missing, what went wrong. */
  merge?: MergeNote;
}

/** The `suite` block: what k6's format has no place for. */
export interface SuiteSummary {
  format: 'llm-perf-summary';
  version: 1;
  /** RFC 3339. */
  startedAt: string;
  /** RFC 3339. */
  endedAt: string;
  testRunDurationMs: number;
  /** True when the run was stopped early (Ctrl-C) or a scenario did not finish. */
  interrupted: boolean;
  /** Run configuration; secrets appear only as "set" or "unset". */
  config: PublicSuiteConfig | null;
  scenarios: SuiteScenarioSummary[];
  /** SLA tests judged: total, passed, failed (any status but pass). */
  slas: { total: number; passed: number; failed: number };
  /**
   * Metrics kept as log-linear histograms rather than every value (`llm_itl_ms`), with their
   * precision: their percentiles here and in SLAs are within `percentileRelativeError`.
   */
  histogramMetrics: Record<string, HistogramPrecision>;
  /** One entry per capacity search (specs/capacity) of the run; empty when none ran. */
  capacity: CapacityResult[];
}

/** `summary.json`: k6's `--summary-export` shape plus the `suite` block. */
export interface K6SummaryExport {
  root_group: K6RootGroup;
  /** By metric name and by sub-metric selector, e.g. `llm_ttft_ms{scenario:chat_stream,prompt:short}`. */
  metrics: Record<string, K6MetricValues>;
  suite: SuiteSummary;
}

/** The id k6 gives the root group (md5 of the empty path). */
export const K6_ROOT_GROUP_ID = 'd41d8cd98f00b204e9800998ecf8427e';

/**
 * Builds `summary.json`. Metrics: each metric with samples over the whole run; per scenario x
 * prompt `metric{scenario:S,prompt:P}`; for trends also `metric{scenario:S,prompt:P,outcome:ok}`
 * (successful requests, what the baseline compares); and every SLA selector as written, with its
 * thresholds (failed = true).
 */
export function buildSummaryExport(
  results: RunResults,
  scenarios: readonly ScenarioSummary[],
): K6SummaryExport {
  const durationMs = runDurationMs(results);
  const metrics: Record<string, K6MetricValues> = {};
  const scopes: TagValues[] = results.parts.map((p) => ({
    scenario: p.scenario,
    prompt: p.prompt,
  }));
  for (const definition of METRIC_DEFINITIONS) {
    const name = definition.name;
    if (results.store.count({ metric: name, tags: {} }) > 0) {
      metrics[name] = metricValues(results.store, name, {}, durationMs);
    }
    for (const scope of scopes) {
      if (results.store.count({ metric: name, tags: scope }) === 0) continue;
      metrics[subMetricKey(name, scope)] = metricValues(results.store, name, scope, durationMs);
      const okScope = { ...scope, outcome: 'ok' };
      if (definition.kind === 'trend' && results.store.count({ metric: name, tags: okScope }) > 0) {
        metrics[subMetricKey(name, okScope)] = metricValues(
          results.store,
          name,
          okScope,
          durationMs,
        );
      }
    }
  }
  const slaResults = results.parts.flatMap((p) => p.slaResults);
  for (const sla of slaResults) {
    const selector = trySelector(sla.selector);
    if (selector === null) continue;
    const key = sla.selector.replace(/\s+/g, '');
    const values =
      metrics[key] ?? metricValues(results.store, selector.metric, selector.tags, durationMs);
    metrics[key] = values;
    values.thresholds = { ...values.thresholds, [sla.threshold]: sla.status !== 'pass' };
  }
  const passed = slaResults.filter((s) => s.status === 'pass').length;
  return {
    root_group: { name: '', path: '', id: K6_ROOT_GROUP_ID, groups: {}, checks: {} },
    metrics,
    suite: {
      format: 'llm-perf-summary',
      version: 1,
      startedAt: rfc3339(results.startedEpochMs),
      endedAt: rfc3339(results.endedEpochMs),
      testRunDurationMs: durationMs,
      interrupted: results.interrupted,
      config: results.config,
      scenarios: results.parts.map((part, i) => suiteScenario(part, scenarios[i])),
      slas: { total: slaResults.length, passed, failed: slaResults.length - passed },
      histogramMetrics: Object.fromEntries(
        [...HISTOGRAM_METRICS].map((metric) => [metric, { ...HISTOGRAM_PRECISION }]),
      ),
      capacity: [...results.capacity],
    },
  };
}

/** The parsed selector, or null when it does not parse (an SLA result from elsewhere). */
export function trySelector(text: string): MetricSelector | null {
  try {
    return parseSelector(text);
  } catch {
    return null;
  }
}

/** `metric{name:value,...}` in the given tag order (k6's sub-metric key). */
export function subMetricKey(metric: string, tags: TagValues): string {
  const pairs = Object.entries(tags).map(([name, value]) => `${name}:${value}`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(',')}}`;
}

/** Values of the points of `metric` matching `tags`, shaped by the metric's kind. */
export function metricValues(
  store: MetricStore,
  metric: string,
  tags: TagValues,
  durationMs: number,
): K6MetricValues {
  const kind: MetricKind = metricDefinition(metric)?.kind ?? 'trend';
  if (kind === 'counter') {
    const count = store.sum({ metric, tags });
    return { count, rate: durationMs > 0 ? count / (durationMs / 1000) : 0 };
  }
  if (kind === 'gauge') {
    const { values, timesEpochMs } = store.select({ metric, tags }, { withTimes: true });
    let value = 0;
    let latestMs = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i += 1) {
      const v = values[i] as number;
      const t = (timesEpochMs as Float64Array)[i] as number;
      if (t >= latestMs) {
        latestMs = t;
        value = v;
      }
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return values.length === 0 ? { value: 0, min: 0, max: 0 } : { value, min, max };
  }
  if (kind === 'rate') {
    const values = store.select({ metric, tags }).values;
    let passes = 0;
    for (const value of values) if (value !== 0) passes += 1;
    return {
      value: values.length === 0 ? 0 : passes / values.length,
      passes,
      fails: values.length - passes,
    };
  }
  return trendValuesOfStatistics(store.statistics({ metric, tags }, TREND_PERCENTILES));
}

/** Percentiles of a k6 trend in the summary (med is always there). */
export const TREND_PERCENTILES: readonly number[] = [90, 95, 99];

/** k6 trend values of `values` (sorted in place); all zeros with count 0 when empty. */
export function trendValues(values: Float64Array): K6TrendValues {
  return trendValuesOfStatistics(computeStatistics(sortFloat64(values), TREND_PERCENTILES));
}

/** k6 trend values of statistics computed with `TREND_PERCENTILES`. */
export function trendValuesOfStatistics(stats: Statistics): K6TrendValues {
  if (stats.status === 'no-samples') {
    return { avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0, 'p(99)': 0, count: 0 };
  }
  const p = (pct: number): number => stats.percentiles[percentileKey(pct)] as number;
  return {
    avg: stats.avg,
    min: stats.min,
    med: stats.med,
    max: stats.max,
    'p(90)': p(90),
    'p(95)': p(95),
    'p(99)': p(99),
    count: stats.count,
  };
}

function suiteScenario(
  part: ScenarioPart,
  summary: ScenarioSummary | undefined,
): SuiteScenarioSummary {
  return {
    scenario: part.scenario,
    prompt: part.prompt,
    state: part.state,
    skipReason: part.skipReason ?? null,
    model: part.model,
    baseUrl: part.baseUrl,
    simulated: part.simulated,
    targetRatePerSec: part.targetRatePerSec,
    plannedRatePerSec: summary?.plannedRatePerSec ?? null,
    achievedRatePerSec: summary?.achievedRatePerSec ?? null,
    schedule: part.schedule,
    arrivalPattern: part.arrivalPattern,
    maxVus: part.maxVus,
    startedAt: rfc3339(part.startedEpochMs),
    arrivals: part.arrivals,
    requests: summary?.requests ?? 0,
    ok: summary?.ok ?? 0,
    failed: summary?.failed ?? 0,
    failuresByOutcome: summary?.failuresByOutcome ?? {},
    requestsByStatus: summary?.requestsByStatus ?? {},
    droppedIterations: summary?.dropped ?? 0,
    scheduleLagMs: summary?.trends.scheduleLag ?? null,
    tokenSources: part.tokenSources ?? null,
    vus: part.users?.vus ?? null,
    iterations: part.users?.iterations ?? null,
    goodput: summary?.goodput ?? null,
    slaResults: part.slaResults,
    notJudgedReason: part.notJudgedReason ?? null,
    baseline: part.baseline ?? null,
    ...(summary?.workload ? { workload: summary.workload } : {}),
    serverErrors: part.serverErrors ?? null,
    abortReason: part.abortReason ?? null,
    ...(part.shard ? { shard: part.shard } : {}),
    ...(part.merge ? { merge: part.merge } : {}),
  };
}

/** Epoch ms as RFC 3339 UTC with milliseconds, e.g. `2026-11-28T07:04:32.617Z`. */
export function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
