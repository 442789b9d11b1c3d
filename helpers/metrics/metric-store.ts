import { HISTOGRAM_METRICS } from './histogram-metrics.js';
import { LogHistogram } from './log-histogram.js';
import { MetricsError } from './metrics-error.js';
import type { MetricSelector } from './parse-selector.js';
import { sortFloat64 } from './sorted-float64-array.js';
import { computeStatistics, type Statistics, SUMMARY_PERCENTILES } from './statistics.js';

/** Tag values of a point, keyed by tag name. */
export type TagValues = Readonly<Record<string, string>>;

/** An interned tag set: one object (and one key string) per distinct set of tags. */
export interface TagSet {
  /** Index in the store that interned it. */
  readonly id: number;
  /** Canonical key: tags sorted by name. */
  readonly key: string;
  /** The tags, frozen; shared by every series and point with this set. */
  readonly tags: TagValues;
}

/** Read-only view of one series; arrays are views into the store, valid until the next add. */
export interface SeriesView {
  /** Metric name. */
  readonly metric: string;
  /** Tags shared by every point of the series. */
  readonly tags: TagValues;
  /** Values in recording order. */
  readonly values: Float64Array;
  /** Time of each value, epoch ms. */
  readonly timesEpochMs: Float64Array;
}

/** Values selected by a selector, concatenated over all matching series. */
export interface SelectResult {
  /** Every matching value, one array (a copy the caller owns, e.g. to sort). */
  readonly values: Float64Array;
  /** Time of each value, epoch ms; null unless `withTimes` was asked. */
  readonly timesEpochMs: Float64Array | null;
  /** Number of series (distinct tag sets) that matched. */
  readonly seriesCount: number;
}

/** Options of `MetricStore#select`. */
export interface SelectOptions {
  /** Also return the time of each value; default false. */
  withTimes?: boolean;
}

/** One histogram-backed series (see `HISTOGRAM_METRICS`). */
export interface HistogramSeriesView {
  /** Metric name. */
  readonly metric: string;
  /** Tags shared by every value of the series. */
  readonly tags: TagValues;
  /** The live histogram: read it, do not record into it. */
  readonly histogram: LogHistogram;
}

/** A series as the samples file writer walks it: exact (values, times) or a histogram. */
export interface StoredSeries {
  readonly metric: string;
  readonly tagSet: TagSet;
  /** Exact series: the values recorded so far (a view); empty for a histogram. */
  readonly values: Float64Array;
  /** Exact series: their times, epoch ms (a view); empty for a histogram. */
  readonly timesEpochMs: Float64Array;
  /** The histogram of a histogram-backed series; null for an exact one. */
  readonly histogram: LogHistogram | null;
}

/** Options of `new MetricStore()`. */
export interface MetricStoreOptions {
  /** Metrics kept as histograms rather than every value; default `HISTOGRAM_METRICS`. */
  histogramMetrics?: ReadonlySet<string>;
}

interface Series {
  readonly metric: string;
  readonly tagSet: TagSet;
  values: Float64Array;
  times: Float64Array;
  length: number;
  /** Set for a histogram-backed metric: values go here, the arrays stay empty. */
  readonly histogram: LogHistogram | null;
}

const INITIAL_CAPACITY = 16;

/**
 * Tagged metric points in growable typed arrays: per series (metric + tag set) one Float64Array
 * of values and one of times, doubled when full, so a point costs 16 bytes plus slack. Metrics
 * in `histogramMetrics` (per-event `llm_itl_ms`) are kept as a `LogHistogram` per series
 * instead: exact count, min, max and sum, percentiles within 0.0244 %, no times.
 */
export class MetricStore {
  private readonly tagSetsByKey = new Map<string, TagSet>();
  private readonly tagSetList: TagSet[] = [];
  private readonly seriesByMetric = new Map<string, Map<number, Series>>();
  private readonly histogramMetrics: ReadonlySet<string>;
  private points = 0;

  constructor(options: MetricStoreOptions = {}) {
    this.histogramMetrics = options.histogramMetrics ?? HISTOGRAM_METRICS;
  }

  /** True when `metric` is kept as a histogram in this store (no values or times per point). */
  isHistogramMetric(metric: string): boolean {
    return this.histogramMetrics.has(metric);
  }

  /** Every tag set interned so far, by id. */
  tagSets(): readonly TagSet[] {
    return this.tagSetList;
  }

  /** Number of points recorded. */
  get pointCount(): number {
    return this.points;
  }

  /** Bytes held by the value and time arrays (capacity, not just the used part). */
  get arrayBytes(): number {
    let bytes = 0;
    for (const bySet of this.seriesByMetric.values()) {
      for (const s of bySet.values()) bytes += s.values.byteLength + s.times.byteLength;
    }
    return bytes;
  }

  /** Returns the interned tag set for these tags; intern once, then `add` many points. */
  internTags(tags: TagValues): TagSet {
    const key = tagKey(tags);
    const known = this.tagSetsByKey.get(key);
    if (known) return known;
    const copy: Record<string, string> = {};
    for (const name of Object.keys(tags).sort()) copy[name] = tags[name] as string;
    const tagSet: TagSet = Object.freeze({
      id: this.tagSetList.length,
      key,
      tags: Object.freeze(copy),
    });
    this.tagSetsByKey.set(key, tagSet);
    this.tagSetList.push(tagSet);
    return tagSet;
  }

  /** Adds one point. `tagSet` must come from this store's `internTags`. */
  add(metric: string, tagSet: TagSet, value: number, timeEpochMs: number): void {
    if (this.tagSetList[tagSet.id] !== tagSet) {
      throw new MetricsError(
        'store-foreign-tag-set',
        `tagSet ${tagSet.key} was interned by another MetricStore: call internTags() on this one.`,
        { input: tagSet.key },
      );
    }
    if (!Number.isFinite(value) || !Number.isFinite(timeEpochMs)) {
      throw new MetricsError(
        'store-bad-value',
        `${metric}: value ${value} at time ${timeEpochMs} is not a finite number; ` +
          'skip the point instead of recording NaN or Infinity.',
        { input: metric },
      );
    }
    const series = this.seriesFor(metric, tagSet);
    if (series.histogram !== null) {
      series.histogram.record(value);
      this.points += 1;
      return;
    }
    if (series.length === series.values.length) grow(series, series.length * 2);
    series.values[series.length] = value;
    series.times[series.length] = timeEpochMs;
    series.length += 1;
    this.points += 1;
  }

  /**
   * Adds one point per finite entry of `values` (non-finite entries are skipped, not
   * recorded), all with the same tag set and time: one series lookup and at most one growth
   * for the lot, where `add` per value costs a lookup each (~30 ns per point on a stream's
   * gaps). `tagSet` must come from this store's `internTags`; throws for a non-finite time.
   */
  addValues(metric: string, tagSet: TagSet, values: readonly number[], timeEpochMs: number): void {
    if (this.tagSetList[tagSet.id] !== tagSet) {
      throw new MetricsError(
        'store-foreign-tag-set',
        `tagSet ${tagSet.key} was interned by another MetricStore: call internTags() on this one.`,
        { input: tagSet.key },
      );
    }
    if (!Number.isFinite(timeEpochMs)) {
      throw new MetricsError(
        'store-bad-value',
        `${metric}: time ${timeEpochMs} is not a finite number; pass epoch ms.`,
        { input: metric },
      );
    }
    // No series for a metric without points, as with `add`.
    let first = 0;
    while (first < values.length && !Number.isFinite(values[first])) first += 1;
    if (first === values.length) return;
    const series = this.seriesFor(metric, tagSet);
    const histogram = series.histogram;
    if (histogram !== null) {
      for (let i = first; i < values.length; i += 1) {
        const value = values[i] as number;
        if (!Number.isFinite(value)) continue;
        histogram.record(value);
        this.points += 1;
      }
      return;
    }
    reserve(series, series.length + values.length);
    const target = series.values;
    const times = series.times;
    let length = series.length;
    for (let i = first; i < values.length; i += 1) {
      const value = values[i] as number;
      if (!Number.isFinite(value)) continue;
      target[length] = value;
      times[length] = timeEpochMs;
      length += 1;
    }
    this.points += length - series.length;
    series.length = length;
  }

  /** Adds one point, interning the tags; prefer `internTags` + `add` on hot paths. */
  record(metric: string, tags: TagValues, value: number, timeEpochMs: number): void {
    this.add(metric, this.internTags(tags), value, timeEpochMs);
  }

  /**
   * Values of every series of `selector.metric` whose tags contain each pair of
   * `selector.tags` (k6 sub-metric semantics: other tags are free), in one array.
   */
  select(selector: MetricSelector, options: SelectOptions = {}): SelectResult {
    if (this.histogramMetrics.has(selector.metric)) {
      throw new MetricsError(
        'store-histogram-metric',
        `${selector.metric} is kept as a histogram, not value by value: use ` +
          'MetricStore#statistics(selector) for its count, percentiles and the rest.',
        { input: selector.metric },
      );
    }
    const matching = this.matchingSeries(selector);
    let total = 0;
    for (const s of matching) total += s.length;
    const values = new Float64Array(total);
    const times = options.withTimes ? new Float64Array(total) : null;
    let offset = 0;
    for (const s of matching) {
      values.set(s.values.subarray(0, s.length), offset);
      times?.set(s.times.subarray(0, s.length), offset);
      offset += s.length;
    }
    return { values, timesEpochMs: times, seriesCount: matching.length };
  }

  /** Number of points matching `selector`, without copying them. */
  count(selector: MetricSelector): number {
    let total = 0;
    for (const s of this.matchingSeries(selector)) total += s.histogram?.count ?? s.length;
    return total;
  }

  /**
   * Statistics of the values matching `selector` (`computeStatistics` of the sorted values;
   * for a histogram-backed metric, of the merged histograms: see `LogHistogram#statistics`).
   */
  statistics(
    selector: MetricSelector,
    percentilesPct: readonly number[] = SUMMARY_PERCENTILES,
  ): Statistics {
    if (!this.histogramMetrics.has(selector.metric)) {
      return computeStatistics(sortFloat64(this.select(selector).values), percentilesPct);
    }
    const merged = new LogHistogram();
    for (const s of this.matchingSeries(selector)) if (s.histogram) merged.merge(s.histogram);
    return merged.statistics(percentilesPct);
  }

  /** Sum of the values matching `selector` (counters), without copying them. */
  sum(selector: MetricSelector): number {
    let total = 0;
    for (const s of this.matchingSeries(selector)) {
      if (s.histogram !== null) total += s.histogram.sum;
      for (let i = 0; i < s.length; i += 1) total += s.values[i] as number;
    }
    return total;
  }

  /** Names of the metrics that have at least one point. */
  metrics(): string[] {
    return [...this.seriesByMetric.keys()];
  }

  /**
   * Every exact series (or every series of one metric), as views without copying.
   * Histogram-backed series are not among them: see `histograms`.
   */
  *series(metric?: string): IterableIterator<SeriesView> {
    const metrics = metric === undefined ? [...this.seriesByMetric.keys()] : [metric];
    for (const name of metrics) {
      const bySet = this.seriesByMetric.get(name);
      if (!bySet) continue;
      for (const s of bySet.values()) if (s.histogram === null) yield view(s);
    }
  }

  /** Every histogram-backed series (or those of one metric). */
  *histograms(metric?: string): IterableIterator<HistogramSeriesView> {
    const metrics = metric === undefined ? [...this.seriesByMetric.keys()] : [metric];
    for (const name of metrics) {
      const bySet = this.seriesByMetric.get(name);
      if (!bySet) continue;
      for (const s of bySet.values()) {
        if (s.histogram !== null) {
          yield { metric: s.metric, tags: s.tagSet.tags, histogram: s.histogram };
        }
      }
    }
  }

  /** Every series, exact or histogram, in creation order within a metric: for the samples file. */
  *storedSeries(): IterableIterator<StoredSeries> {
    for (const bySet of this.seriesByMetric.values()) {
      for (const s of bySet.values()) {
        yield {
          metric: s.metric,
          tagSet: s.tagSet,
          values: s.values.subarray(0, s.length),
          timesEpochMs: s.times.subarray(0, s.length),
          histogram: s.histogram,
        };
      }
    }
  }

  /**
   * Appends points given as arrays (a samples file reader): values and times of equal length,
   * finite. For a histogram-backed metric the values are recorded into its histogram.
   */
  addPoints(metric: string, tagSet: TagSet, values: Float64Array, times: Float64Array): void {
    if (values.length !== times.length) {
      throw new MetricsError(
        'store-bad-value',
        `${metric}: ${values.length} values but ${times.length} times; pass one time per value.`,
        { input: metric },
      );
    }
    this.checkOwn(tagSet);
    this.appendArrays(metric, tagSet, values, times);
  }

  /** Adds every value of `histogram` to the series' histogram; `metric` must be histogram-backed. */
  addHistogram(metric: string, tagSet: TagSet, histogram: LogHistogram): void {
    this.checkOwn(tagSet);
    if (!this.histogramMetrics.has(metric)) {
      throw new MetricsError(
        'store-histogram-metric',
        `${metric} is kept value by value in this store, not as a histogram.`,
        { input: metric },
      );
    }
    if (histogram.count === 0) return;
    (this.seriesFor(metric, tagSet).histogram as LogHistogram).merge(histogram);
    this.points += histogram.count;
  }

  /**
   * Calls `visit` for every point of the exact series (histogram-backed ones have no points),
   * series by series, in recording order within a series.
   * Allocates nothing per point: `tags` is the shared frozen tag object of the series.
   */
  forEachPoint(
    visit: (metric: string, value: number, timeEpochMs: number, tags: TagValues) => void,
  ): void {
    for (const bySet of this.seriesByMetric.values()) {
      for (const s of bySet.values()) {
        const { metric, values, times } = s;
        const tags = s.tagSet.tags;
        if (s.histogram !== null) continue;
        for (let i = 0; i < s.length; i += 1) {
          visit(metric, values[i] as number, times[i] as number, tags);
        }
      }
    }
  }

  /** Appends every point of `other` (e.g. a worker's store) to this store; returns this. */
  merge(other: MetricStore): this {
    for (const bySet of other.seriesByMetric.values()) {
      for (const s of bySet.values()) {
        if (s.histogram !== null) {
          this.addHistogram(s.metric, this.internTags(s.tagSet.tags), s.histogram);
          continue;
        }
        this.appendArrays(
          s.metric,
          this.internTags(s.tagSet.tags),
          s.values.subarray(0, s.length),
          s.times.subarray(0, s.length),
        );
      }
    }
    return this;
  }

  private checkOwn(tagSet: TagSet): void {
    if (this.tagSetList[tagSet.id] !== tagSet) {
      throw new MetricsError(
        'store-foreign-tag-set',
        `tagSet ${tagSet.key} was interned by another MetricStore: call internTags() on this one.`,
        { input: tagSet.key },
      );
    }
  }

  private seriesFor(metric: string, tagSet: TagSet): Series {
    let bySet = this.seriesByMetric.get(metric);
    if (!bySet) {
      bySet = new Map();
      this.seriesByMetric.set(metric, bySet);
    }
    let series = bySet.get(tagSet.id);
    if (!series) {
      series = {
        metric,
        tagSet,
        values: new Float64Array(this.histogramMetrics.has(metric) ? 0 : INITIAL_CAPACITY),
        times: new Float64Array(this.histogramMetrics.has(metric) ? 0 : INITIAL_CAPACITY),
        length: 0,
        histogram: this.histogramMetrics.has(metric) ? new LogHistogram() : null,
      };
      bySet.set(tagSet.id, series);
    }
    return series;
  }

  private appendArrays(
    metric: string,
    tagSet: TagSet,
    values: Float64Array,
    times: Float64Array,
  ): void {
    // No series for a metric without points, as with `add`.
    let first = 0;
    while (first < values.length && !Number.isFinite(values[first])) first += 1;
    if (first === values.length) return;
    const series = this.seriesFor(metric, tagSet);
    if (series.histogram !== null) {
      for (let i = first; i < values.length; i += 1) {
        const value = values[i] as number;
        if (!Number.isFinite(value)) continue;
        series.histogram.record(value);
        this.points += 1;
      }
      return;
    }
    const needed = series.length + values.length;
    reserve(series, needed);
    series.values.set(values, series.length);
    series.times.set(times, series.length);
    series.length = needed;
    this.points += values.length;
  }

  private matchingSeries(selector: MetricSelector): Series[] {
    const bySet = this.seriesByMetric.get(selector.metric);
    if (!bySet) return [];
    const wanted = Object.entries(selector.tags);
    const out: Series[] = [];
    for (const s of bySet.values()) {
      const tags = s.tagSet.tags;
      if (wanted.every(([name, value]) => tags[name] === value)) out.push(s);
    }
    return out;
  }
}

function tagKey(tags: TagValues): string {
  const names = Object.keys(tags).sort();
  // JSON keeps the key unambiguous whatever characters tag values contain.
  return JSON.stringify(names.map((name) => [name, tags[name]]));
}

/** Grows the series' arrays, doubling, until they hold `needed` points. */
function reserve(series: Series, needed: number): void {
  if (needed <= series.values.length) return;
  let capacity = series.values.length;
  while (capacity < needed) capacity *= 2;
  grow(series, capacity);
}

function grow(series: Series, capacity: number): void {
  const values = new Float64Array(capacity);
  values.set(series.values.subarray(0, series.length));
  const times = new Float64Array(capacity);
  times.set(series.times.subarray(0, series.length));
  series.values = values;
  series.times = times;
}

function view(s: Series): SeriesView {
  return {
    metric: s.metric,
    tags: s.tagSet.tags,
    values: s.values.subarray(0, s.length),
    timesEpochMs: s.times.subarray(0, s.length),
  };
}
