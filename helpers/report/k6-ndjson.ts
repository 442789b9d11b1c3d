import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import { METRIC_NAMES, metricDefinition } from '../metrics/record-sample.js';
import { requestId } from '../metrics/request-id.js';
import type { SlaResult } from '../sla/check-sla.js';
import { trySelector } from './k6-summary-export.js';
import { redactValues } from './redact-values.js';
import type { TextSink } from './text-sink.js';

/** A sub-metric as k6 declares it in a `Metric` line. */
export interface K6Submetric {
  /** `metric{tag:value,...}`. */
  name: string;
  /** The part inside the braces. */
  suffix: string;
  tags: Record<string, string>;
}

/** A `{"type":"Metric",...}` line: declares a metric before its first point. */
export interface K6MetricLine {
  type: 'Metric';
  data: {
    name: string;
    type: 'trend' | 'rate' | 'counter' | 'gauge';
    /** `time` for millisecond metrics, `default` otherwise. */
    contains: 'time' | 'default';
    /** Threshold expressions on the metric itself (not on a sub-metric). */
    thresholds: string[];
    /** Sub-metrics that thresholds (our SLAs) select; null when none. */
    submetrics: K6Submetric[] | null;
  };
  metric: string;
}

/** A `{"type":"Point",...}` line: one value. */
export interface K6PointLine {
  metric: string;
  type: 'Point';
  data: {
    /** RFC 3339 UTC with microseconds: the request's start time. */
    time: string;
    value: number;
    tags: Record<string, string>;
  };
}

/** Options of `writeSamplesNdjson`. */
export interface NdjsonOptions {
  /** SLA results: their selectors become thresholds and sub-metrics of the Metric lines. */
  slaResults?: readonly SlaResult[];
  /** Secret values to redact from tag values (defence in depth). */
  secrets?: readonly string[];
}

/**
 * Streams every point of `store` to `sink` as k6's `--out json` does: one JSON object per line,
 * a `Metric` line right before the first `Point` of each metric. Points come grouped by metric
 * (in `METRIC_DEFINITIONS` order) and by tag set, each group in recording order: not sorted by
 * time. Returns the number of lines written.
 */
export function writeSamplesNdjson(
  store: MetricStore,
  sink: TextSink,
  options: NdjsonOptions = {},
): number {
  const secrets = options.secrets ?? [];
  const declared = declarations(options.slaResults ?? []);
  const known = new Set<string>(METRIC_NAMES);
  const metrics = [...METRIC_NAMES, ...store.metrics().filter((m) => !known.has(m))];
  const tagJson = new Map<TagValues, string>();
  const times = new TimeFormatter();
  let lines = 0;
  for (const metric of metrics) {
    let first = true;
    for (const series of store.series(metric)) {
      if (series.values.length === 0) continue;
      if (first) {
        sink.write(`${JSON.stringify(metricLine(metric, declared.get(metric)))}\n`);
        lines += 1;
        first = false;
      }
      let tags = tagJson.get(series.tags);
      if (tags === undefined) {
        tags = JSON.stringify(redactValues({ ...series.tags }, secrets));
        tagJson.set(series.tags, tags);
      }
      const head = `{"metric":${JSON.stringify(metric)},"type":"Point","data":{"time":"`;
      const { scenario, prompt, status } = series.tags;
      if (status === undefined || scenario === undefined || prompt === undefined) {
        const tail = `,"tags":${tags}}}\n`;
        for (let i = 0; i < series.values.length; i += 1) {
          const time = times.format(series.timesEpochMs[i] as number);
          sink.write(`${head}${time}","value":${series.values[i]}${tail}`);
        }
      } else {
        // A request's points carry its t0 as time: the request id (requests.jsonl) follows
        // from it, so the store keeps no id per point.
        const tagsOpen = `,"tags":${tags.slice(0, -1)},"request_id":`;
        for (let i = 0; i < series.values.length; i += 1) {
          const timeMs = series.timesEpochMs[i] as number;
          const id = JSON.stringify(requestId(scenario, prompt, timeMs));
          sink.write(
            `${head}${times.format(timeMs)}","value":${series.values[i]}${tagsOpen}${id}}}}\n`,
          );
        }
      }
      lines += series.values.length;
    }
  }
  return lines;
}

/** The `Metric` line of `metric`, with the thresholds and sub-metrics the SLAs declare. */
export function metricLine(
  metric: string,
  declared: { thresholds: string[]; submetrics: K6Submetric[] } = {
    thresholds: [],
    submetrics: [],
  },
): K6MetricLine {
  const definition = metricDefinition(metric);
  return {
    type: 'Metric',
    data: {
      name: metric,
      type: definition?.kind ?? 'trend',
      contains: definition?.unit === 'ms' ? 'time' : 'default',
      thresholds: declared.thresholds,
      submetrics: declared.submetrics.length === 0 ? null : declared.submetrics,
    },
    metric,
  };
}

function declarations(
  slaResults: readonly SlaResult[],
): Map<string, { thresholds: string[]; submetrics: K6Submetric[] }> {
  const byMetric = new Map<string, { thresholds: string[]; submetrics: K6Submetric[] }>();
  for (const sla of slaResults) {
    const selector = trySelector(sla.selector);
    if (selector === null) continue;
    let entry = byMetric.get(selector.metric);
    if (!entry) {
      entry = { thresholds: [], submetrics: [] };
      byMetric.set(selector.metric, entry);
    }
    const pairs = Object.entries(selector.tags);
    if (pairs.length === 0) {
      if (!entry.thresholds.includes(sla.threshold)) entry.thresholds.push(sla.threshold);
      continue;
    }
    const suffix = pairs.map(([name, value]) => `${name}:${value}`).join(',');
    const name = `${selector.metric}{${suffix}}`;
    if (!entry.submetrics.some((s) => s.name === name)) {
      entry.submetrics.push({ name, suffix, tags: { ...selector.tags } });
    }
  }
  return byMetric;
}

/** Formats epoch ms as RFC 3339 with microseconds, reusing the text of the current second. */
export class TimeFormatter {
  private second = Number.NaN;
  private prefix = '';

  /** `2026-11-28T07:04:32.617123Z` for 1795849472617.123. */
  format(epochMs: number): string {
    const micros = Math.round(epochMs * 1000);
    const second = Math.floor(micros / 1_000_000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const fraction = String(micros - second * 1_000_000).padStart(6, '0');
    return `${this.prefix}.${fraction}Z`;
  }
}
