import { HISTOGRAM_METRICS } from '../metrics/histogram-metrics.js';
import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import { MetricsError } from '../metrics/metrics-error.js';
import { type MetricSelector, parseSelector } from '../metrics/parse-selector.js';
import {
  aggregationLabel,
  assertThresholdFits,
  compare,
  parseThreshold,
  type Threshold,
} from '../metrics/parse-threshold.js';
import { type PercentileInterval, percentileInterval } from '../metrics/percentile-interval.js';
import { type MetricKind, type MetricUnit, metricDefinition } from '../metrics/record-sample.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { computeStatistics, percentileKey } from '../metrics/statistics.js';
import { formatSlaMessage } from './format-sla-message.js';

/** Default of `SlaOptions.minSamples`. */
export const DEFAULT_MIN_SAMPLES = 10;

/** Options of `checkSla`. */
export interface SlaOptions {
  /** Fewer samples than this fail as too few to judge (the config passes MIN_SAMPLES); default 10. */
  minSamples?: number;
  /** Length of the run, ms; needed only for `rate` on a counter (per second). */
  durationMs?: number;
}

/** p50/p90/p95/p99/max of the selected trend values, in the metric's unit. */
export interface SlaDistribution {
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Largest value. */
  max: number;
}

/** Fields every SLA result has. Plain data: safe for `task.meta`, JSON and structured clone. */
export interface SlaResultBase {
  /** The selector as written. */
  selector: string;
  /** The threshold as written. */
  threshold: string;
  /** Metric of the selector. */
  metric: string;
  /** Kind of the metric. */
  kind: MetricKind;
  /** Unit of the metric's values (a `count` is a plain number; a counter `rate` is per second). */
  unit: MetricUnit;
  /** Left-hand side of the threshold as k6 writes it: `p(95)`, `avg`, `rate`, `count`. */
  aggregation: string;
  /**
   * Samples judged: values selected for trends and rates (requests for http_req_failed);
   * iterations in scope (requests + dropped) for counters.
   */
  n: number;
  /** Minimum n to judge. */
  minSamples: number;
  /** The selector's scenario/prompt tags: the scope of `requests`, failures and dropped. */
  scope: Record<string, string>;
  /** Requests (http_reqs) in scope, whatever their outcome or status. */
  requests: number;
  /** Requests in scope by outcome code, `ok` excluded. */
  failuresByOutcome: Record<string, number>;
  /** Requests in scope by HTTP status ("0" when no response came). */
  requestsByStatus: Record<string, number>;
  /** dropped_iterations in scope. */
  droppedIterations: number;
  /** Multi-line plain-text report of this result (the assertion message). */
  message: string;
}

/** The threshold was evaluated on at least `minSamples` samples. */
export interface SlaJudgedResult extends SlaResultBase {
  /** pass: the threshold holds; fail: it does not. */
  status: 'pass' | 'fail';
  /** Value of the aggregation, e.g. the p(95). */
  measured: number;
  /** Distribution of the selected values; null for rates and counters. */
  distribution: SlaDistribution | null;
  /** 95% confidence interval of a percentile aggregation (`p(N)`); null for the others. */
  interval: PercentileInterval | null;
}

/** Some samples, but fewer than `minSamples`: fails as too few to judge. */
export interface SlaTooFewSamplesResult extends SlaResultBase {
  status: 'too-few-samples';
  /** Value of the aggregation on the few samples (not judged). */
  measured: number;
  /** Distribution of the selected values; null for rates and counters. */
  distribution: SlaDistribution | null;
  /** 95% confidence interval of a percentile aggregation; null for the others. */
  interval: PercentileInterval | null;
  /** Why it could not be judged, one sentence. */
  reason: string;
}

/** No samples at all: fails, and says why. */
export interface SlaNoSamplesResult extends SlaResultBase {
  status: 'no-samples';
  measured: null;
  distribution: null;
  interval: null;
  /** Why there are no samples, from the unfiltered request counts of the scope. */
  reason: string;
}

/** Outcome of one SLA check, tagged by `status`. Only 'pass' passes. */
export type SlaResult = SlaJudgedResult | SlaTooFewSamplesResult | SlaNoSamplesResult;

/** An SLA result before its message is written. */
export type SlaResultFields = DistributiveOmit<SlaResult, 'message'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** k6-shaped thresholds: selector -> expressions. */
export type ThresholdMap = Readonly<Record<string, readonly string[]>>;

const SCOPE_TAGS = ['scenario', 'prompt'] as const;
const DISTRIBUTION_PERCENTILES = [50, 90, 95, 99];

/** Why a metric can be missing although matching requests were made. */
const MISSING_HINTS: Readonly<Record<string, string>> = {
  llm_ttfb_ms: 'no response headers arrived',
  llm_ttft_ms: 'no output-bearing event arrived',
  llm_ttfc_ms: 'no event carried delta.content',
  llm_queue_ms: 'the server sent no numeric X-Queue-Time header',
  llm_input_tokens: 'no response carried usage.prompt_tokens',
  llm_tpot_ms: 'it needs streams with at least 2 output tokens',
  llm_decode_tokens_per_sec: 'it needs streams with at least 2 output tokens',
  llm_itl_ms: 'it needs streams with at least 2 output events',
  llm_stall_ms: 'it needs streams with at least 2 output events',
  schedule_lag_ms: 'the scheduler recorded no lag for these requests',
  llm_goodput: 'it is recorded only with SLO_TTFT_MS, SLO_TPOT_MS or SLO_TOTAL_MS set',
};

/**
 * Evaluates one k6 threshold on a sub-metric of `store`. Zero samples never pass: the result
 * is 'no-samples' with the reason; fewer than `minSamples` is 'too-few-samples'.
 * Throws `MetricsError` for a bad selector or threshold (a mistake in the spec, not a result).
 */
export function checkSla(
  store: MetricStore,
  selectorText: string,
  thresholdText: string,
  options: SlaOptions = {},
): SlaResult {
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new MetricsError(
      'sla-bad-option',
      `SlaOptions.minSamples ${minSamples} must be an integer >= 1 (MIN_SAMPLES, default 10).`,
      { input: String(minSamples), example: 'minSamples: 10' },
    );
  }
  const selector = parseSelector(selectorText);
  const definition = metricDefinition(selector.metric);
  if (!definition) throw new Error(`unreachable: parseSelector accepted ${selector.metric}`);
  const threshold = parseThreshold(thresholdText);
  assertThresholdFits(threshold, definition.kind, selector.metric);
  const durationMs = options.durationMs;
  const perSecond = definition.kind === 'counter' && threshold.aggregation.kind === 'rate';
  if (perSecond && !(durationMs !== undefined && durationMs > 0)) {
    throw new MetricsError(
      'threshold-needs-duration',
      `Threshold "${thresholdText}" on ${selector.metric}: rate of a counter is per second of ` +
        `the run; pass SlaOptions.durationMs (got ${String(durationMs)}).`,
      { input: thresholdText, example: 'count<1' },
    );
  }

  const scope: Record<string, string> = {};
  for (const name of SCOPE_TAGS) {
    const value = selector.tags[name];
    if (value !== undefined) scope[name] = value;
  }
  const requestsInScope = tally(store, scope);
  const droppedIterations = store.sum({ metric: 'dropped_iterations', tags: scope });
  const base = {
    selector: selectorText,
    threshold: thresholdText,
    metric: selector.metric,
    kind: definition.kind,
    unit: definition.unit,
    aggregation: aggregationLabel(threshold.aggregation),
    minSamples,
    scope,
    requests: requestsInScope.total,
    failuresByOutcome: requestsInScope.failuresByOutcome,
    requestsByStatus: requestsInScope.byStatus,
    droppedIterations,
  };

  const { n, measured, distribution, interval } =
    definition.kind === 'counter'
      ? {
          n: requestsInScope.total + droppedIterations,
          measured: store.sum(selector) / (perSecond ? (durationMs as number) / 1000 : 1),
          distribution: null,
          interval: null,
        }
      : measureValues(store, selector, threshold, definition.kind);

  if (n === 0 || measured === null) {
    const reason = whyNoSamples(store, selector, scope, requestsInScope, droppedIterations);
    return withMessage({
      ...base,
      status: 'no-samples',
      n: 0,
      measured: null,
      distribution: null,
      interval: null,
      reason,
    });
  }
  if (n < minSamples) {
    const reason = `too few samples to judge: n = ${n}, fewer than the minimum ${minSamples}`;
    return withMessage({
      ...base,
      status: 'too-few-samples',
      n,
      measured,
      distribution,
      interval,
      reason,
    });
  }
  const status = compare(measured, threshold.operator, threshold.value) ? 'pass' : 'fail';
  return withMessage({ ...base, status, n, measured, distribution, interval });
}

/** Evaluates every threshold of a k6-shaped map, in order. */
export function checkSlas(
  store: MetricStore,
  thresholds: ThresholdMap,
  options: SlaOptions = {},
): SlaResult[] {
  const results: SlaResult[] = [];
  for (const [selector, expressions] of Object.entries(thresholds)) {
    for (const expression of expressions)
      results.push(checkSla(store, selector, expression, options));
  }
  return results;
}

interface Measurement {
  n: number;
  measured: number | null;
  distribution: SlaDistribution | null;
  interval: PercentileInterval | null;
}

function measureValues(
  store: MetricStore,
  selector: MetricSelector,
  threshold: Threshold,
  kind: MetricKind,
): Measurement {
  const agg = threshold.aggregation;
  const percentiles =
    agg.kind === 'percentile' ? [...DISTRIBUTION_PERCENTILES, agg.pct] : DISTRIBUTION_PERCENTILES;
  // Exact metrics: the sorted values (also for a percentile's interval); llm_itl_ms: its
  // histograms, which give no interval.
  const sorted = HISTOGRAM_METRICS.has(selector.metric)
    ? null
    : sortFloat64(store.select(selector).values);
  const stats =
    sorted === null
      ? store.statistics(selector, percentiles)
      : computeStatistics(sorted, percentiles);
  if (stats.status === 'no-samples') {
    return { n: 0, measured: null, distribution: null, interval: null };
  }
  const p = (pct: number): number => stats.percentiles[percentileKey(pct)] as number;
  const distribution =
    kind === 'trend' ? { p50: p(50), p90: p(90), p95: p(95), p99: p(99), max: stats.max } : null;
  let measured: number;
  switch (agg.kind) {
    case 'percentile':
      measured = p(agg.pct);
      break;
    case 'count':
      measured = stats.count;
      break;
    default:
      measured = stats[agg.kind];
  }
  const interval =
    agg.kind === 'percentile' && sorted !== null ? percentileInterval(sorted, agg.pct) : null;
  return { n: stats.count, measured, distribution, interval };
}

function withMessage(fields: SlaResultFields): SlaResult {
  return { ...fields, message: formatSlaMessage(fields) } as SlaResult;
}

interface RequestTally {
  total: number;
  ok: number;
  failuresByOutcome: Record<string, number>;
  byStatus: Record<string, number>;
}

function tally(store: MetricStore, scope: TagValues): RequestTally {
  const result: RequestTally = { total: 0, ok: 0, failuresByOutcome: {}, byStatus: {} };
  for (const series of store.series('http_reqs')) {
    if (!matches(series.tags, scope)) continue;
    const count = sumOf(series.values);
    const outcome = series.tags.outcome ?? 'unknown';
    const status = series.tags.status ?? 'unknown';
    result.total += count;
    if (outcome === 'ok') result.ok += count;
    else result.failuresByOutcome[outcome] = (result.failuresByOutcome[outcome] ?? 0) + count;
    result.byStatus[status] = (result.byStatus[status] ?? 0) + count;
  }
  return result;
}

function whyNoSamples(
  store: MetricStore,
  { metric, tags }: MetricSelector,
  scope: TagValues,
  requests: RequestTally,
  dropped: number,
): string {
  const where = Object.keys(scope).length === 0 ? '' : ` for ${formatTags(scope)}`;
  if (requests.total === 0) {
    if (dropped > 0) {
      return `no requests were made${where}: all ${dropped} scheduled iterations were dropped (no free slot)`;
    }
    const elsewhere = requestsOutside(store, scope);
    return `no requests were made${where} (http_reqs is 0)${elsewhere}`;
  }
  if (requests.ok === 0) {
    const outcomes = Object.keys(requests.failuresByOutcome);
    const responded = { ...requests.byStatus };
    delete responded['0']; // "0" means no response came: no status worth listing
    const statuses = Object.keys(responded).length === 0 ? '' : formatCounts(responded);
    const what =
      outcomes.length === 1
        ? `had outcome ${outcomes[0]}${statuses === '' ? '' : ` (status ${statuses})`}`
        : `(${formatCounts(requests.failuresByOutcome)}${statuses === '' ? '' : `; status ${statuses}`})`;
    return `every request failed${where}: ${requests.total} of ${requests.total} ${what}`;
  }
  const matching = store.count({ metric: 'http_reqs', tags });
  if (matching === 0) {
    const extra = Object.keys(tags).filter((name) => !(name in scope));
    const seen = extra.map((name) => {
      const counts = Object.entries(valuesOf(store, scope, name)).sort((a, b) => b[1] - a[1]);
      return `${name}: ${counts.map(([value, count]) => `${value} (${count})`).join(', ')}`;
    });
    return (
      `none of the ${requests.total} requests${where} match ${formatTags(tags)}; ` +
      `seen ${seen.join('; ')}`
    );
  }
  const hint = MISSING_HINTS[metric];
  return (
    `${matching} requests match ${formatTags(tags)}, but none recorded ${metric}` +
    (hint === undefined ? '' : ` (${hint})`)
  );
}

function requestsOutside(store: MetricStore, scope: TagValues): string {
  if (Object.keys(scope).length === 0) return '';
  const byScenario: Record<string, number> = {};
  for (const series of store.series('http_reqs')) {
    const label = formatTags(pick(series.tags, Object.keys(scope)));
    byScenario[label] = (byScenario[label] ?? 0) + sumOf(series.values);
  }
  const labels = Object.keys(byScenario);
  return labels.length === 0 ? '' : `; the store has requests for ${formatCounts(byScenario)}`;
}

function valuesOf(store: MetricStore, scope: TagValues, name: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const series of store.series('http_reqs')) {
    if (!matches(series.tags, scope)) continue;
    const value = series.tags[name] ?? '(none)';
    counts[value] = (counts[value] ?? 0) + sumOf(series.values);
  }
  return counts;
}

function matches(tags: TagValues, wanted: TagValues): boolean {
  for (const [name, value] of Object.entries(wanted)) if (tags[name] !== value) return false;
  return true;
}

function pick(tags: TagValues, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = tags[name] ?? '(none)';
  return out;
}

function sumOf(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** `{scenario:chat_stream,prompt:short}` */
function formatTags(tags: TagValues): string {
  const pairs = Object.entries(tags).map(([name, value]) => `${name}:${value}`);
  return `{${pairs.join(',')}}`;
}

/** `503: 12, 429: 3`, largest first. */
function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
}
