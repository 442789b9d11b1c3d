import type { MetricStore } from '../metrics/metric-store.js';
import type {
  BaselineComparison,
  BaselineMetricSpec,
  BaselineRow,
  BaselineRowStatus,
} from '../sla/baseline-comparison.js';
import {
  type K6MetricValues,
  type K6TrendValues,
  subMetricKey,
  TREND_PERCENTILES,
  trendValuesOfStatistics,
} from './k6-summary-export.js';

// The types live in sla/ so scenario/ can hold a comparison without importing report/.
export type { BaselineComparison, BaselineMetricSpec, BaselineRow, BaselineRowStatus };

/** What is compared, in order: p95 latencies, then the median tokens/s of a request. */
export const BASELINE_METRICS: readonly BaselineMetricSpec[] = [
  { metric: 'llm_ttft_ms', stat: 'p(95)', better: 'lower', unit: 'ms' },
  { metric: 'llm_total_ms', stat: 'p(95)', better: 'lower', unit: 'ms' },
  { metric: 'llm_ttfb_ms', stat: 'p(95)', better: 'lower', unit: 'ms' },
  { metric: 'llm_itl_ms', stat: 'p(95)', better: 'lower', unit: 'ms' },
  { metric: 'llm_tpot_ms', stat: 'p(95)', better: 'lower', unit: 'ms' },
  { metric: 'llm_tokens_per_sec', stat: 'med', better: 'higher', unit: 'tokens/s' },
];

/** Options of `compareWithBaseline`. */
export interface CompareBaselineOptions {
  baselinePath: string;
  scenario: string;
  prompt: string;
  tolerance: number;
}

/** The `outcome:ok` sub-metric key the comparison reads for `metric` in a scope. */
export function baselineKey(metric: string, scenario: string, prompt: string): string {
  return subMetricKey(metric, { scenario, prompt, outcome: 'ok' });
}

/**
 * This run's figures for the comparison, shaped like summary.json's metrics: the trend values of
 * each `BASELINE_METRICS` metric over the successful requests of one scenario x prompt.
 */
export function currentBaselineFigures(
  store: MetricStore,
  scenario: string,
  prompt: string,
): Record<string, K6TrendValues> {
  const figures: Record<string, K6TrendValues> = {};
  for (const spec of BASELINE_METRICS) {
    const stats = store.statistics(
      { metric: spec.metric, tags: { scenario, prompt, outcome: 'ok' } },
      TREND_PERCENTILES,
    );
    figures[baselineKey(spec.metric, scenario, prompt)] = trendValuesOfStatistics(stats);
  }
  return figures;
}

/**
 * Compares this run's successful requests of one scenario x prompt with a baseline summary's:
 * both are k6 summary-export metrics maps (`summary.json`'s `metrics`). Fails when a figure is
 * worse than the baseline beyond the tolerance, when a figure the baseline has is missing now,
 * or when the baseline has nothing for this scenario x prompt.
 */
export function compareWithBaseline(
  current: Readonly<Record<string, K6MetricValues>>,
  baseline: Readonly<Record<string, K6MetricValues>>,
  options: CompareBaselineOptions,
): BaselineComparison {
  const { scenario, prompt, tolerance } = options;
  const rows = BASELINE_METRICS.map((spec) => {
    const key = baselineKey(spec.metric, scenario, prompt);
    return compareRow(
      spec,
      key,
      statOf(current[key], spec),
      statOf(baseline[key], spec),
      tolerance,
    );
  });
  const hasBaseline = rows.some((row) => row.baseline !== null);
  const problem = hasBaseline
    ? null
    : `the baseline has no samples for ${scenario}/${prompt} ` +
      `(no ${baselineKey('llm_total_ms', scenario, prompt)}); ` +
      'save a baseline from a run that includes this scenario and prompt';
  const failed = rows.some((row) => row.status === 'regressed' || row.status === 'missing-now');
  return {
    baselinePath: options.baselinePath,
    scenario,
    prompt,
    tolerance,
    status: problem === null && !failed ? 'pass' : 'fail',
    rows,
    problem,
  };
}

function compareRow(
  spec: BaselineMetricSpec,
  key: string,
  current: number | null,
  baseline: number | null,
  tolerance: number,
): BaselineRow {
  const allowed =
    baseline === null ? null : baseline * (spec.better === 'lower' ? 1 + tolerance : 1 - tolerance);
  const change =
    current === null || baseline === null || baseline === 0 ? null : current / baseline - 1;
  let status: BaselineRowStatus;
  if (baseline === null) status = current === null ? 'not-applicable' : 'not-in-baseline';
  else if (current === null || allowed === null) status = 'missing-now';
  else if (spec.better === 'lower') status = current > allowed ? 'regressed' : 'ok';
  else status = current < allowed ? 'regressed' : 'ok';
  return { key, ...spec, baseline, current, allowed, change, status };
}

function statOf(values: K6MetricValues | undefined, spec: BaselineMetricSpec): number | null {
  if (values === undefined || !('med' in values)) return null;
  const trend = values as K6TrendValues;
  // A summary without `count` (k6's own files) counts as having samples when the stat is a number.
  if (typeof trend.count === 'number' && trend.count === 0) return null;
  const value = trend[spec.stat];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
