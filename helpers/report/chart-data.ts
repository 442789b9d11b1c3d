import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../metrics/statistics.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';

/** One drawn series of a chart. */
export interface ChartSeries {
  label: string;
  /** CSS colour `#rrggbb`; each series of a chart has its own (the browser check counts them). */
  color: string;
  /** One value per x; null is a gap. */
  values: (number | null)[];
  /** Dash pattern in px; absent for a solid line. */
  dash?: number[];
  /** Scale: `y` (left axis) or `y2` (right axis). */
  scale: 'y' | 'y2';
}

/** Data and labels of one chart, drawn by uPlot in the page. */
export interface ChartSpec {
  /** Element id, unique in the page. */
  id: string;
  title: string;
  /** bars: histogram; lines: time series. */
  kind: 'bars' | 'lines';
  xLabel: string;
  yLabel: string;
  /** Label of the right axis; null when no series uses `y2`. */
  y2Label: string | null;
  x: number[];
  series: ChartSeries[];
  /** Why there is nothing to draw (no canvas then); null when there is data. */
  empty: string | null;
  /** Draw a point at every x (curves of a few steps); default only for fewer than 3 x. */
  showPoints?: boolean;
}

/** Options of `scenarioCharts`. */
export interface ChartOptions {
  /** Most time buckets of a time chart; buckets are whole seconds, at least 1 s. Default 200. */
  maxBuckets?: number;
  /** Bins of a histogram; default 30. */
  histogramBins?: number;
}

/** Colours of the series, fixed so the browser check and the reader can tell them apart. */
export const CHART_COLORS = {
  ttft: '#1f77b4',
  ttftP95: '#17becf',
  total: '#ff7f0e',
  totalP95: '#d62728',
  requests: '#2ca02c',
  target: '#9467bd',
  tokens: '#8c564b',
  failed: '#d62728',
  dropped: '#e377c2',
} as const;

/**
 * The six charts of a scenario x prompt: TTFT and total-latency histograms (successful
 * requests), p50/p95 latency over time, requests/s over time with the target rate, output
 * tokens/s over time, failed requests and dropped iterations over time. Time is the request
 * start, in seconds since the scenario started.
 */
export function scenarioCharts(
  part: ScenarioPart,
  store: MetricStore,
  idPrefix: string,
  options: ChartOptions = {},
): ChartSpec[] {
  const scope: TagValues = { scenario: part.scenario, prompt: part.prompt };
  const ok: TagValues = { ...scope, outcome: 'ok' };
  const bins = options.histogramBins ?? 30;
  const ttft = store.select({ metric: 'llm_ttft_ms', tags: ok }, { withTimes: true });
  const total = store.select({ metric: 'llm_total_ms', tags: ok }, { withTimes: true });
  const charts: ChartSpec[] = [
    histogram(
      `${idPrefix}-ttft-hist`,
      'TTFT distribution (successful requests)',
      'TTFT',
      ttft.values,
      bins,
      CHART_COLORS.ttft,
    ),
    histogram(
      `${idPrefix}-total-hist`,
      'Total latency distribution (successful requests)',
      'total',
      total.values,
      bins,
      CHART_COLORS.total,
    ),
  ];

  const t0 = part.startedEpochMs;
  const reqs = store.select({ metric: 'http_reqs', tags: scope }, { withTimes: true });
  const scheduleMs = part.schedule.stages.reduce((sum, s) => sum + s.durationMs, 0);
  let lastMs = scheduleMs;
  for (const times of [reqs.timesEpochMs, ttft.timesEpochMs]) {
    for (const t of times ?? []) lastMs = Math.max(lastMs, t - t0 + 1);
  }
  const bucketMs = Math.max(1000, Math.ceil(lastMs / (options.maxBuckets ?? 200) / 1000) * 1000);
  const buckets = Math.max(1, Math.ceil(lastMs / bucketMs));
  const x = Array.from({ length: buckets }, (_, i) => ((i + 0.5) * bucketMs) / 1000);
  const bucketOf = (timeMs: number): number =>
    Math.min(buckets - 1, Math.max(0, Math.floor((timeMs - t0) / bucketMs)));
  const perSec = (counts: number[]): number[] => counts.map((c) => c / (bucketMs / 1000));
  const xLabel = `seconds since start (${bucketMs / 1000} s buckets)`;

  const ttftBuckets = percentilesOverTime(ttft.values, ttft.timesEpochMs, buckets, bucketOf);
  const totalBuckets = percentilesOverTime(total.values, total.timesEpochMs, buckets, bucketOf);
  charts.push(
    timeChart(
      `${idPrefix}-latency`,
      'Latency over time (successful requests)',
      xLabel,
      'ms',
      null,
      x,
      [
        { label: 'TTFT p50', color: CHART_COLORS.ttft, values: ttftBuckets.p50, scale: 'y' },
        {
          label: 'TTFT p95',
          color: CHART_COLORS.ttftP95,
          values: ttftBuckets.p95,
          dash: [6, 3],
          scale: 'y',
        },
        { label: 'total p50', color: CHART_COLORS.total, values: totalBuckets.p50, scale: 'y' },
        {
          label: 'total p95',
          color: CHART_COLORS.totalP95,
          values: totalBuckets.p95,
          dash: [6, 3],
          scale: 'y',
        },
      ],
    ),
  );

  const tokens = store.select({ metric: 'llm_output_tokens', tags: ok }, { withTimes: true });
  charts.push(
    timeChart(`${idPrefix}-throughput`, 'Request rate over time', xLabel, 'requests/s', null, x, [
      {
        label: 'requests/s (started)',
        color: CHART_COLORS.requests,
        values: perSec(sumOverTime(reqs.values, reqs.timesEpochMs, buckets, bucketOf)),
        scale: 'y',
      },
      {
        label: 'target rate/s',
        color: CHART_COLORS.target,
        values: x.map((sec) => targetRateAt(part.schedule, sec * 1000)),
        dash: [8, 4],
        scale: 'y',
      },
    ]),
    timeChart(
      `${idPrefix}-tokens`,
      'Output tokens/s over time (successful requests)',
      xLabel,
      'tokens/s',
      null,
      x,
      [
        {
          label: 'output tokens/s',
          color: CHART_COLORS.tokens,
          values: perSec(sumOverTime(tokens.values, tokens.timesEpochMs, buckets, bucketOf)),
          scale: 'y',
        },
      ],
    ),
  );

  const failed = store.select({ metric: 'http_req_failed', tags: scope }, { withTimes: true });
  const dropped = store.select({ metric: 'dropped_iterations', tags: scope }, { withTimes: true });
  charts.push(
    timeChart(
      `${idPrefix}-errors`,
      'Errors over time',
      xLabel,
      `count per ${bucketMs / 1000} s`,
      null,
      x,
      [
        {
          label: 'failed requests',
          color: CHART_COLORS.failed,
          values: sumOverTime(failed.values, failed.timesEpochMs, buckets, bucketOf),
          scale: 'y',
        },
        {
          label: 'dropped iterations',
          color: CHART_COLORS.dropped,
          values: sumOverTime(dropped.values, dropped.timesEpochMs, buckets, bucketOf),
          dash: [6, 3],
          scale: 'y',
        },
      ],
    ),
  );
  return charts;
}

/** Target arrival rate of `schedule` at `offsetMs` (linear within a stage); 0 after the end. */
export function targetRateAt(schedule: ArrivalSchedule, offsetMs: number): number {
  let from = schedule.startRatePerSec;
  let startMs = 0;
  for (const stage of schedule.stages) {
    const endMs = startMs + stage.durationMs;
    if (stage.durationMs > 0 && offsetMs < endMs) {
      const share = Math.max(0, offsetMs - startMs) / stage.durationMs;
      return from + (stage.targetRatePerSec - from) * share;
    }
    from = stage.targetRatePerSec;
    startMs = endMs;
  }
  return 0;
}

/** Counts of `values` in `bins` equal bins from min to max; x is each bin's centre. */
export function histogramBins(
  values: Float64Array,
  bins: number,
): { x: number[]; counts: number[] } {
  if (values.length === 0) return { x: [], counts: [] };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // All values equal: one bin of width 1 around them, so the bar has a width.
  const width = max > min ? (max - min) / bins : 1;
  const n = max > min ? bins : 1;
  const counts = new Array<number>(n).fill(0);
  for (const v of values) {
    const i = Math.min(n - 1, Math.floor((v - min) / width));
    counts[i] = (counts[i] as number) + 1;
  }
  const x = counts.map((_, i) => (max > min ? min + (i + 0.5) * width : min));
  return { x, counts };
}

function histogram(
  id: string,
  title: string,
  label: string,
  values: Float64Array,
  bins: number,
  color: string,
): ChartSpec {
  const { x, counts } = histogramBins(values, bins);
  return {
    id,
    title,
    kind: 'bars',
    xLabel: `${label} (ms)`,
    yLabel: 'requests',
    y2Label: null,
    x,
    series: [{ label: `${label} requests`, color, values: counts, scale: 'y' }],
    empty: values.length === 0 ? 'no successful requests' : null,
  };
}

function timeChart(
  id: string,
  title: string,
  xLabel: string,
  yLabel: string,
  y2Label: string | null,
  x: number[],
  series: ChartSeries[],
): ChartSpec {
  const hasData = series.some((s) => s.values.some((v) => v !== null));
  return {
    id,
    title,
    kind: 'lines',
    xLabel,
    yLabel,
    y2Label,
    x,
    series,
    empty: hasData ? null : 'no samples',
  };
}

function percentilesOverTime(
  values: Float64Array,
  times: Float64Array | null,
  buckets: number,
  bucketOf: (timeMs: number) => number,
): { p50: (number | null)[]; p95: (number | null)[] } {
  const grouped: number[][] = Array.from({ length: buckets }, () => []);
  values.forEach((v, i) => {
    (grouped[bucketOf((times as Float64Array)[i] as number)] as number[]).push(v);
  });
  const p50: (number | null)[] = [];
  const p95: (number | null)[] = [];
  for (const group of grouped) {
    const sorted = sortFloat64(Float64Array.from(group));
    p50.push(percentileOfSorted(sorted, 50));
    p95.push(percentileOfSorted(sorted, 95));
  }
  return { p50, p95 };
}

function sumOverTime(
  values: Float64Array,
  times: Float64Array | null,
  buckets: number,
  bucketOf: (timeMs: number) => number,
): number[] {
  const sums = new Array<number>(buckets).fill(0);
  values.forEach((v, i) => {
    const b = bucketOf((times as Float64Array)[i] as number);
    sums[b] = (sums[b] as number) + v;
  });
  return sums;
}
