import type { MetricName } from '../metrics/record-sample.js';

/** One figure the baseline comparison checks. */
export interface BaselineMetricSpec {
  metric: MetricName;
  /** Which trend stat: p(95) for latencies, med for tokens/s. */
  stat: 'p(95)' | 'med';
  /** lower: a higher value is a regression (latency); higher: a lower value is (tokens/s). */
  better: 'lower' | 'higher';
  unit: 'ms' | 'tokens/s';
}

/**
 * How one figure compares:
 * - `ok`: within the allowed bound;
 * - `regressed`: worse than the bound (fails);
 * - `missing-now`: the baseline has it, this run has no samples (fails);
 * - `not-in-baseline`: this run has it, the baseline does not (noted, does not fail);
 * - `not-applicable`: neither has samples (e.g. ITL of a non-stream scenario).
 */
export type BaselineRowStatus =
  | 'ok'
  | 'regressed'
  | 'missing-now'
  | 'not-in-baseline'
  | 'not-applicable';

/** One compared figure. */
export interface BaselineRow {
  /** Sub-metric key: `llm_ttft_ms{scenario:chat_stream,prompt:short,outcome:ok}`. */
  key: string;
  metric: MetricName;
  stat: BaselineMetricSpec['stat'];
  better: BaselineMetricSpec['better'];
  unit: BaselineMetricSpec['unit'];
  /** The baseline's value; null when it has no samples. */
  baseline: number | null;
  /** This run's value; null when it has no samples. */
  current: number | null;
  /** Worst value allowed: baseline x (1 + tolerance) for latencies, x (1 - tolerance) for tokens/s. */
  allowed: number | null;
  /** current / baseline - 1 (+0.25: 25% higher); null when either is missing or baseline is 0. */
  change: number | null;
  status: BaselineRowStatus;
}

/** Result of comparing one scenario x prompt with a baseline. */
export interface BaselineComparison {
  /** BASELINE as given. */
  baselinePath: string;
  scenario: string;
  prompt: string;
  /** REGRESSION_TOLERANCE: allowed relative regression (0.1 = 10%). */
  tolerance: number;
  /** pass: no row regressed or went missing; fail otherwise. */
  status: 'pass' | 'fail';
  rows: BaselineRow[];
  /** Why the comparison could not be made (e.g. the baseline lacks the scenario); else null. */
  problem: string | null;
}
