import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import type { MetricStore, SeriesView, TagValues } from '../metrics/metric-store.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../metrics/statistics.js';
import { isStreamScenario } from '../scenario/scenario-name.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import type { SlaResult } from '../sla/check-sla.js';
import { slaLimit } from '../sla/sla-limit.js';

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

/** A limit drawn across a chart as a dashed line: an SLA's threshold, or MAX_VUS. */
export interface ChartLimit {
  /** `x`: a vertical line (histograms); `y`/`y2`: a horizontal line on that scale. */
  axis: 'x' | 'y' | 'y2';
  /** Where, in the axis' unit. */
  value: number;
  /** Written next to the line and under the chart: `SLA p(95) < 1000 ms (FAIL)`. */
  label: string;
  /** CSS colour `#rrggbb`, unlike any series of the page. */
  color: string;
}

/** Data and labels of one chart, drawn by uPlot in the page. */
export interface ChartSpec {
  /** Element id, unique in the page. */
  id: string;
  title: string;
  /** One sentence under the chart: what is plotted, and at which time. */
  caption: string;
  /** bars: histogram; lines: time series. */
  kind: 'bars' | 'lines';
  xLabel: string;
  yLabel: string;
  /** Label of the right axis; null when no series uses `y2`. */
  y2Label: string | null;
  x: number[];
  series: ChartSeries[];
  /** Lines drawn across the plot; the scales stretch to show them. */
  limits: ChartLimit[];
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
  inFlight: '#1f77b4',
  inFlightPeak: '#ff7f0e',
  failed: '#d62728',
  dropped: '#e377c2',
  failedShare: '#9467bd',
  limit: '#ff00ff',
} as const;

/** What the output tokens chart says about its method (also in docs/reports.md). */
export const TOKENS_CAPTION =
  'Output tokens of successful requests, counted when they arrive: tokens spread evenly ' +
  'between first token and last byte of each request (a non-stream answer arrives at its ' +
  'last byte).';

/**
 * The charts of a scenario x prompt: TTFT (streams only: a non-stream TTFT is its total time)
 * and total-latency histograms, p50/p95 latency over time, requests/s with the target rate,
 * output tokens/s as they arrive, requests in flight, failures and dropped iterations. SLA
 * limits are drawn on the charts of the metric they judge. Time is seconds since the scenario
 * started; the time axis runs to the last byte of the last request.
 */
export function scenarioCharts(
  part: ScenarioPart,
  store: MetricStore,
  idPrefix: string,
  options: ChartOptions = {},
): ChartSpec[] {
  const stream = isStreamScenario(part.scenario);
  const scope: TagValues = { scenario: part.scenario, prompt: part.prompt };
  const ok: TagValues = { ...scope, outcome: 'ok' };
  const bins = options.histogramBins ?? 30;
  const sla = part.slaResults;
  const ttft = store.select({ metric: 'llm_ttft_ms', tags: ok }, { withTimes: true });
  const total = store.select({ metric: 'llm_total_ms', tags: ok }, { withTimes: true });
  const ttftLimits = (axis: ChartLimit['axis']) => slaLimits(sla, TTFT_METRICS, axis, 'ms');
  const totalLimits = (axis: ChartLimit['axis']) => slaLimits(sla, TOTAL_METRICS, axis, 'ms');
  const charts: ChartSpec[] = [];
  if (stream) {
    charts.push(
      histogram(
        `${idPrefix}-ttft-hist`,
        'TTFT distribution (successful requests)',
        'TTFT',
        ttft.values,
        bins,
        CHART_COLORS.ttft,
        ttftLimits('x'),
      ),
    );
  }
  charts.push(
    histogram(
      `${idPrefix}-total-hist`,
      'Total latency distribution (successful requests)',
      'total',
      total.values,
      bins,
      CHART_COLORS.total,
      totalLimits('x'),
    ),
  );

  // Every request, whatever its outcome: [start, start + total] (a failure's total is when it ended).
  const spans = store.select({ metric: 'llm_total_ms', tags: scope }, { withTimes: true });
  const t0 = part.startedEpochMs;
  const reqs = store.select({ metric: 'http_reqs', tags: scope }, { withTimes: true });
  const dropped = store.select({ metric: 'dropped_iterations', tags: scope }, { withTimes: true });
  let lastMs = part.schedule.stages.reduce((sum, s) => sum + s.durationMs, 0);
  for (const times of [reqs.timesEpochMs, dropped.timesEpochMs]) {
    for (const t of times ?? []) lastMs = Math.max(lastMs, t - t0 + 1);
  }
  spans.values.forEach((totalMs, i) => {
    const startMs = (spans.timesEpochMs as Float64Array)[i] as number;
    lastMs = Math.max(lastMs, startMs - t0 + totalMs + 1);
  });
  const bucketMs = Math.max(1000, Math.ceil(lastMs / (options.maxBuckets ?? 200) / 1000) * 1000);
  const grid: TimeGrid = { t0, bucketMs, buckets: Math.max(1, Math.ceil(lastMs / bucketMs)) };
  const x = Array.from({ length: grid.buckets }, (_, i) => ((i + 0.5) * bucketMs) / 1000);
  const perSec = (counts: number[]): number[] => counts.map((c) => c / (bucketMs / 1000));
  const xLabel = `seconds since start (${bucketMs / 1000} s buckets)`;

  const ttftBuckets = percentilesOverTime(ttft.values, ttft.timesEpochMs, grid);
  const totalBuckets = percentilesOverTime(total.values, total.timesEpochMs, grid);
  const latencySeries: ChartSeries[] = [
    { label: 'total p50', color: CHART_COLORS.total, values: totalBuckets.p50, scale: 'y' },
    {
      label: 'total p95',
      color: CHART_COLORS.totalP95,
      values: totalBuckets.p95,
      dash: [6, 3],
      scale: 'y',
    },
  ];
  if (stream) {
    latencySeries.unshift(
      { label: 'TTFT p50', color: CHART_COLORS.ttft, values: ttftBuckets.p50, scale: 'y' },
      {
        label: 'TTFT p95',
        color: CHART_COLORS.ttftP95,
        values: ttftBuckets.p95,
        dash: [6, 3],
        scale: 'y',
      },
    );
  }
  charts.push(
    timeChart({
      id: `${idPrefix}-latency`,
      title: 'Latency over time (successful requests)',
      caption: `p50 and p95 of the requests started in each bucket${stream ? '' : ' (non-stream: TTFT is the total time, not drawn)'}.`,
      xLabel,
      yLabel: 'ms',
      x,
      series: latencySeries,
      limits: [...(stream ? ttftLimits('y') : []), ...totalLimits('y')],
    }),
  );

  charts.push(
    timeChart({
      id: `${idPrefix}-throughput`,
      title: 'Request rate over time',
      caption: 'Requests started per second, and the rate the schedule asked for.',
      xLabel,
      yLabel: 'requests/s',
      x,
      series: [
        {
          label: 'requests/s (started)',
          color: CHART_COLORS.requests,
          values: perSec(sumOverTime(reqs.values, reqs.timesEpochMs, grid)),
          scale: 'y',
        },
        {
          label: 'target rate/s',
          color: CHART_COLORS.target,
          values: x.map((sec) => targetRateAt(part.schedule, sec * 1000)),
          dash: [8, 4],
          scale: 'y',
        },
      ],
      limits: slaLimits(sla, ['http_reqs'], 'y', 'requests/s', ['rate']),
    }),
    timeChart({
      id: `${idPrefix}-tokens`,
      title: 'Output tokens/s over time (successful requests)',
      caption: TOKENS_CAPTION,
      xLabel,
      yLabel: 'tokens/s',
      x,
      series: [
        {
          label: 'output tokens/s',
          color: CHART_COLORS.tokens,
          values: perSec(outputTokensOverTime(store, ok, grid)),
          scale: 'y',
        },
      ],
      limits: [],
    }),
  );

  const inFlight = inFlightOverTime(spans.values, spans.timesEpochMs, grid);
  charts.push(
    timeChart({
      id: `${idPrefix}-in-flight`,
      title: 'Requests in flight (busy VUs)',
      caption:
        'Requests between their start and their last byte (or failure): time-weighted mean and ' +
        `peak per bucket; a start that found MAX_VUS (${part.maxVus}) in flight was dropped.`,
      xLabel,
      yLabel: 'requests in flight',
      x,
      series: [
        {
          label: 'in flight (mean)',
          color: CHART_COLORS.inFlight,
          values: inFlight.mean,
          scale: 'y',
        },
        {
          label: 'in flight (peak)',
          color: CHART_COLORS.inFlightPeak,
          values: inFlight.peak,
          dash: [6, 3],
          scale: 'y',
        },
      ],
      // MAX_VUS is drawn once the peak nears it; far above, its line would flatten the data.
      limits:
        Math.max(0, ...inFlight.peak) * 2 >= part.maxVus
          ? [
              {
                axis: 'y',
                value: part.maxVus,
                label: `MAX_VUS ${part.maxVus}`,
                color: CHART_COLORS.limit,
              },
            ]
          : [],
    }),
  );

  const failed = store.select({ metric: 'http_req_failed', tags: scope }, { withTimes: true });
  const failedCounts = sumOverTime(failed.values, failed.timesEpochMs, grid);
  const startedCounts = sumOverTime(reqs.values, reqs.timesEpochMs, grid);
  charts.push(
    timeChart({
      id: `${idPrefix}-errors`,
      title: 'Errors over time',
      caption:
        'Failed requests and dropped iterations by start time; the failed share of the ' +
        'requests started in each bucket on the right axis.',
      xLabel,
      yLabel: `count per ${bucketMs / 1000} s`,
      y2Label: 'failed share',
      x,
      series: [
        { label: 'failed requests', color: CHART_COLORS.failed, values: failedCounts, scale: 'y' },
        {
          label: 'dropped iterations',
          color: CHART_COLORS.dropped,
          values: sumOverTime(dropped.values, dropped.timesEpochMs, grid),
          dash: [6, 3],
          scale: 'y',
        },
        {
          label: 'failed share',
          color: CHART_COLORS.failedShare,
          values: failedCounts.map((n, i) => {
            const started = startedCounts[i] as number;
            return started > 0 ? n / started : null;
          }),
          dash: [2, 2],
          scale: 'y2',
        },
      ],
      limits: slaLimits(sla, ['http_req_failed'], 'y2', '', ['rate']),
    }),
  );
  return charts;
}

/** Metrics whose SLAs are drawn on the TTFT charts, and on the total-latency charts. */
const TTFT_METRICS = ['llm_ttft_ms'];
const TOTAL_METRICS = ['llm_total_ms', 'http_req_duration'];
const TREND_AGGREGATIONS = /^(p\([\d.]+\)|avg|med|min|max)$/;

/** The limits of the SLAs on `metrics` with a drawable aggregation, as lines on `axis`. */
export function slaLimits(
  results: readonly SlaResult[],
  metrics: readonly string[],
  axis: ChartLimit['axis'],
  unit: string,
  aggregations: readonly string[] | null = null,
): ChartLimit[] {
  const limits: ChartLimit[] = [];
  for (const r of results) {
    if (!metrics.includes(r.metric)) continue;
    const fits =
      aggregations === null
        ? TREND_AGGREGATIONS.test(r.aggregation)
        : aggregations.includes(r.aggregation);
    const limit = slaLimit(r.threshold);
    if (!fits || limit === null) continue;
    const verdict = r.status === 'pass' ? 'PASS' : 'FAIL';
    const shown = `${limit.value}${unit === '' ? '' : ` ${unit}`}`;
    limits.push({
      axis,
      value: limit.value,
      label: `SLA ${r.aggregation} ${limit.operator} ${shown} (${verdict})`,
      color: CHART_COLORS.limit,
    });
  }
  return limits;
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

/** The time buckets of a scenario's charts. */
export interface TimeGrid {
  /** Scenario start, epoch ms: bucket 0 starts here. */
  t0: number;
  bucketMs: number;
  buckets: number;
}

/**
 * Adds `amount` to `sums` spread evenly over [fromMs, toMs] (epoch ms), each bucket getting the
 * share of the span it overlaps; a zero-length span lands whole in the bucket of `fromMs`.
 * Spans outside the grid are clamped to its first or last bucket, so the sum is kept.
 */
export function spreadOverBuckets(
  sums: number[],
  grid: TimeGrid,
  fromMs: number,
  toMs: number,
  amount: number,
): void {
  const first = bucketOf(grid, fromMs);
  const end = bucketOf(grid, toMs);
  if (toMs <= fromMs || first === end) {
    sums[first] = (sums[first] as number) + amount;
    return;
  }
  const spanMs = toMs - fromMs;
  for (let b = first; b <= end; b += 1) {
    const lo = b === first ? fromMs : grid.t0 + b * grid.bucketMs;
    const hi = b === end ? toMs : grid.t0 + (b + 1) * grid.bucketMs;
    sums[b] = (sums[b] as number) + (amount * (hi - lo)) / spanMs;
  }
}

/**
 * Output tokens per bucket by arrival: each successful request's `llm_output_tokens` spread
 * evenly between its first token (start + TTFT) and its last byte (start + total). The three
 * values of a request share its tag set and start time, which pairs them.
 */
export function outputTokensOverTime(
  store: MetricStore,
  tags: TagValues,
  grid: TimeGrid,
): number[] {
  const sums = new Array<number>(grid.buckets).fill(0);
  const byTags = (metric: string) => {
    const map = new Map<string, SeriesView>();
    for (const s of store.series(metric)) if (matches(s.tags, tags)) map.set(tagKey(s.tags), s);
    return map;
  };
  const ttfts = byTags('llm_ttft_ms');
  const totals = byTags('llm_total_ms');
  for (const [key, tokens] of byTags('llm_output_tokens')) {
    const ttftOf = pairedValues(tokens, ttfts.get(key));
    const totalOf = pairedValues(tokens, totals.get(key));
    tokens.values.forEach((count, i) => {
      const startMs = tokens.timesEpochMs[i] as number;
      const totalMs = totalOf[i] ?? Number.NaN;
      const firstMs = Number.isNaN(ttftOf[i] as number) ? totalMs : (ttftOf[i] as number);
      if (Number.isNaN(totalMs)) spreadOverBuckets(sums, grid, startMs, startMs, count);
      else spreadOverBuckets(sums, grid, startMs + firstMs, startMs + totalMs, count);
    });
  }
  return sums;
}

/**
 * Requests in flight per bucket from each request's [start, start + total]: the time-weighted
 * mean (in-flight time in the bucket / its length) and the peak reached in it.
 */
export function inFlightOverTime(
  totalsMs: Float64Array,
  startsEpochMs: Float64Array | null,
  grid: TimeGrid,
): { mean: number[]; peak: number[] } {
  const busyMs = new Array<number>(grid.buckets).fill(0);
  const n = totalsMs.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  totalsMs.forEach((totalMs, i) => {
    const startMs = (startsEpochMs as Float64Array)[i] as number;
    spreadOverBuckets(busyMs, grid, startMs, startMs + totalMs, totalMs);
    starts[i] = startMs;
    ends[i] = startMs + totalMs;
  });
  starts.sort();
  ends.sort();
  // The level between two event times holds for that interval: it counts in every bucket the
  // interval overlaps (a request ending at a bucket's start is not in that bucket).
  const peak = new Array<number>(grid.buckets).fill(0);
  const lastBucket = grid.buckets - 1;
  let level = 0;
  let i = 0;
  let j = 0;
  const next = () =>
    Math.min(starts[i] ?? Number.POSITIVE_INFINITY, ends[j] ?? Number.POSITIVE_INFINITY);
  while (i < n || j < n) {
    const atMs = next();
    while (i < n && starts[i] === atMs) {
      level += 1;
      i += 1;
    }
    while (j < n && ends[j] === atMs) {
      level -= 1;
      j += 1;
    }
    if (level === 0 || (i >= n && j >= n)) continue;
    const untilMs = next();
    const from = Math.floor((atMs - grid.t0) / grid.bucketMs);
    const to = Math.ceil((untilMs - grid.t0) / grid.bucketMs) - 1;
    for (let b = Math.max(0, from); b <= Math.min(lastBucket, to); b += 1) {
      if (level > (peak[b] as number)) peak[b] = level;
    }
  }
  return { mean: busyMs.map((ms) => ms / grid.bucketMs), peak };
}

/**
 * For each point of `base`, the value of `other` recorded for the same request (same tag set,
 * same start time), NaN when it has none. Both series append in recording order, so they are
 * usually aligned point for point; otherwise both are walked in time order (a stable sort keeps
 * two requests that started in the same instant in recording order).
 */
function pairedValues(base: SeriesView, other: SeriesView | undefined): Float64Array {
  const paired = new Float64Array(base.values.length).fill(Number.NaN);
  if (other === undefined) return paired;
  const aligned =
    other.values.length === base.values.length &&
    other.timesEpochMs.every((t, i) => t === base.timesEpochMs[i]);
  if (aligned) return Float64Array.from(other.values);
  const byTime = (times: Float64Array) =>
    Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number));
  const baseOrder = byTime(base.timesEpochMs);
  const otherOrder = byTime(other.timesEpochMs);
  let j = 0;
  for (const i of baseOrder) {
    const t = base.timesEpochMs[i] as number;
    while (j < otherOrder.length && (other.timesEpochMs[otherOrder[j] as number] as number) < t) {
      j += 1;
    }
    const k = otherOrder[j];
    if (k !== undefined && other.timesEpochMs[k] === t) {
      paired[i] = other.values[k] as number;
      j += 1;
    }
  }
  return paired;
}

function histogram(
  id: string,
  title: string,
  label: string,
  values: Float64Array,
  bins: number,
  color: string,
  limits: ChartLimit[],
): ChartSpec {
  const { x, counts } = histogramBins(values, bins);
  return {
    id,
    title,
    caption: `Successful requests by ${label} (${bins} equal bins from min to max).`,
    kind: 'bars',
    xLabel: `${label} (ms)`,
    yLabel: 'requests',
    y2Label: null,
    x,
    series: [{ label: `${label} requests`, color, values: counts, scale: 'y' }],
    limits,
    empty: values.length === 0 ? 'no successful requests' : null,
  };
}

function timeChart(spec: {
  id: string;
  title: string;
  caption: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  x: number[];
  series: ChartSeries[];
  limits: ChartLimit[];
}): ChartSpec {
  const hasData = spec.series.some((s) => s.values.some((v) => v !== null));
  return {
    ...spec,
    kind: 'lines',
    y2Label: spec.y2Label ?? null,
    empty: hasData ? null : 'no samples',
  };
}

function percentilesOverTime(
  values: Float64Array,
  times: Float64Array | null,
  grid: TimeGrid,
): { p50: (number | null)[]; p95: (number | null)[] } {
  const grouped: number[][] = Array.from({ length: grid.buckets }, () => []);
  values.forEach((v, i) => {
    (grouped[bucketOf(grid, (times as Float64Array)[i] as number)] as number[]).push(v);
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

function sumOverTime(values: Float64Array, times: Float64Array | null, grid: TimeGrid): number[] {
  const sums = new Array<number>(grid.buckets).fill(0);
  values.forEach((v, i) => {
    const b = bucketOf(grid, (times as Float64Array)[i] as number);
    sums[b] = (sums[b] as number) + v;
  });
  return sums;
}

function bucketOf(grid: TimeGrid, timeMs: number): number {
  return Math.min(grid.buckets - 1, Math.max(0, Math.floor((timeMs - grid.t0) / grid.bucketMs)));
}

function matches(tags: TagValues, wanted: TagValues): boolean {
  for (const [name, value] of Object.entries(wanted)) if (tags[name] !== value) return false;
  return true;
}

function tagKey(tags: TagValues): string {
  return JSON.stringify(Object.entries(tags).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
