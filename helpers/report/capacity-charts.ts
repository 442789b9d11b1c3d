import type { CapacityResult, CapacityStep } from '../capacity/capacity-result.js';
import type { ChartSpec } from './chart-data.js';
import { trySelector } from './k6-summary-export.js';

/** Colours of the capacity charts; each series of a chart has its own. */
export const CAPACITY_COLORS = {
  ttftP50: '#1f77b4',
  ttftP95: '#17becf',
  totalP50: '#ff7f0e',
  totalP95: '#d62728',
  limit: '#e377c2',
  achieved: '#2ca02c',
  offered: '#9467bd',
} as const;

const LATENCY_METRICS = new Set(['llm_ttft_ms', 'llm_total_ms', 'http_req_duration']);

/**
 * The two charts of a capacity search: the load-latency curve (p50 and p95 of TTFT and total
 * per step against the offered load, the latency SLA's limit drawn as a line) and achieved
 * against offered throughput. One point per load: the last step run at it.
 */
export function capacityCharts(result: CapacityResult, idPrefix: string): ChartSpec[] {
  const byLoad = new Map<number, CapacityStep>();
  for (const step of result.steps) byLoad.set(step.load, step);
  const steps = [...byLoad.values()].sort((a, b) => a.load - b.load);
  const x = steps.map((s) => s.load);
  const xLabel = `offered load (${result.unit})`;
  const empty = steps.length === 0 ? 'no steps ran' : null;
  const limit = latencyLimit(result.slas);
  const latency: ChartSpec = {
    id: `${idPrefix}-latency`,
    title: 'Latency against offered load (p50 solid, p95 dashed)',
    caption:
      'p50 and p95 of TTFT and total time of the judged requests of the last step at each load; ' +
      'the latency SLA limit as a dashed line.',
    kind: 'lines',
    xLabel,
    yLabel: 'ms',
    y2Label: null,
    x,
    series: [
      {
        label: 'TTFT p50',
        color: CAPACITY_COLORS.ttftP50,
        values: steps.map((s) => s.ttftP50Ms),
        scale: 'y',
      },
      {
        label: 'TTFT p95',
        color: CAPACITY_COLORS.ttftP95,
        values: steps.map((s) => s.ttftP95Ms),
        dash: [6, 3],
        scale: 'y',
      },
      {
        label: 'total p50',
        color: CAPACITY_COLORS.totalP50,
        values: steps.map((s) => s.totalP50Ms),
        scale: 'y',
      },
      {
        label: 'total p95',
        color: CAPACITY_COLORS.totalP95,
        values: steps.map((s) => s.totalP95Ms),
        dash: [6, 3],
        scale: 'y',
      },
      ...(limit === null
        ? []
        : [
            {
              label: `SLA limit ${limit.label}`,
              color: CAPACITY_COLORS.limit,
              values: steps.map(() => limit.valueMs),
              dash: [10, 4],
              scale: 'y' as const,
            },
          ]),
    ],
    empty,
    showPoints: true,
    limits: [],
  };
  const throughput: ChartSpec = {
    id: `${idPrefix}-throughput`,
    title: 'Achieved throughput against offered load',
    caption: 'Requests completed per second against the load offered, per step.',
    kind: 'lines',
    xLabel,
    yLabel: 'requests/s',
    y2Label: null,
    x,
    series: [
      {
        label: 'achieved requests/s',
        color: CAPACITY_COLORS.achieved,
        values: steps.map((s) => s.throughputPerSec),
        scale: 'y',
      },
      ...(result.unit === 'req/s'
        ? [
            {
              label: 'offered requests/s',
              color: CAPACITY_COLORS.offered,
              values: x,
              dash: [8, 4],
              scale: 'y' as const,
            },
          ]
        : []),
    ],
    empty,
    showPoints: true,
    limits: [],
  };
  return [latency, throughput];
}

/** The first latency SLA with an upper limit in ms: `p(95)<1000` on TTFT or total. */
export function latencyLimit(slas: readonly string[]): { label: string; valueMs: number } | null {
  for (const sla of slas) {
    const space = sla.lastIndexOf(' ');
    const selector = trySelector(sla.slice(0, space));
    const threshold = sla.slice(space + 1);
    const match = /^(p\(\d+(?:\.\d+)?\)|med|avg|max)\s*<=?\s*(\d+(?:\.\d+)?)$/.exec(threshold);
    if (selector !== null && LATENCY_METRICS.has(selector.metric) && match) {
      return { label: `${selector.metric} ${threshold}`, valueMs: Number(match[2]) };
    }
  }
  return null;
}
