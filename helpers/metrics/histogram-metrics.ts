import { HISTOGRAM_RELATIVE_ERROR } from './log-histogram.js';

/**
 * Metrics a `MetricStore` keeps as a `LogHistogram` per series instead of every value: the
 * per-event ones, which grow with tokens rather than requests (a 1-hour soak at 100 req/s of
 * 256-token streams has ~92 million inter-token gaps). Every per-request metric stays exact.
 */
export const HISTOGRAM_METRICS: ReadonlySet<string> = new Set(['llm_itl_ms']);

/** How a histogram-backed metric is stored, as summary.json states it. */
export interface HistogramPrecision {
  /** Always 'log-linear histogram'. */
  storage: 'log-linear histogram';
  /** Largest relative error of a percentile (and of med), e.g. 0.000244 for 0.0244 %. */
  percentileRelativeError: number;
  /** Which statistics are exact. */
  exact: string;
  /** What samples.ndjson holds of it. */
  samplesNdjson: string;
}

/** The precision statement of every histogram-backed metric. */
export const HISTOGRAM_PRECISION: HistogramPrecision = {
  storage: 'log-linear histogram',
  percentileRelativeError: HISTOGRAM_RELATIVE_ERROR,
  exact:
    'count, min, max, sum, avg; med and percentiles within percentileRelativeError ' +
    '(values from 2^-20 to 2^44 ms)',
  samplesNdjson: 'no Point lines: one per gap would be tens of GB on a soak',
};
