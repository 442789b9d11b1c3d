import { MetricsError } from './metrics-error.js';
import type { MetricSelector } from './parse-selector.js';

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

/** Serialised store: plain JSON, safe for structured clone and `JSON.stringify`. */
export interface MetricStoreJson {
  /** Always 'metric-store'. */
  format: 'metric-store';
  /** Format version; 1. */
  version: 1;
  /** Interned tag sets; series refer to them by index. */
  tagSets: Record<string, string>[];
  /** One entry per series. */
  series: MetricSeriesJson[];
}

/** One serialised series. */
export interface MetricSeriesJson {
  /** Metric name. */
  metric: string;
  /** Index into `tagSets`. */
  tagSet: number;
  /** Number of points. */
  count: number;
  /** Values as base64 of little-endian float64s. */
  values: string;
  /** Times (epoch ms) as base64 of little-endian float64s. */
  timesEpochMs: string;
}

interface Series {
  readonly metric: string;
  readonly tagSet: TagSet;
  values: Float64Array;
  times: Float64Array;
  length: number;
}

const INITIAL_CAPACITY = 16;

/**
 * Tagged metric points in growable typed arrays: per series (metric + tag set) one Float64Array
 * of values and one of times, doubled when full, so a point costs 16 bytes plus slack.
 */
export class MetricStore {
  private readonly tagSetsByKey = new Map<string, TagSet>();
  private readonly tagSetList: TagSet[] = [];
  private readonly seriesByMetric = new Map<string, Map<number, Series>>();
  private points = 0;

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
    for (const s of this.matchingSeries(selector)) total += s.length;
    return total;
  }

  /** Sum of the values matching `selector` (counters), without copying them. */
  sum(selector: MetricSelector): number {
    let total = 0;
    for (const s of this.matchingSeries(selector)) {
      for (let i = 0; i < s.length; i += 1) total += s.values[i] as number;
    }
    return total;
  }

  /** Names of the metrics that have at least one point. */
  metrics(): string[] {
    return [...this.seriesByMetric.keys()];
  }

  /** Every series (or every series of one metric), as views without copying. */
  *series(metric?: string): IterableIterator<SeriesView> {
    const metrics = metric === undefined ? [...this.seriesByMetric.keys()] : [metric];
    for (const name of metrics) {
      const bySet = this.seriesByMetric.get(name);
      if (!bySet) continue;
      for (const s of bySet.values()) yield view(s);
    }
  }

  /**
   * Calls `visit` for every point, series by series, in recording order within a series.
   * Allocates nothing per point: `tags` is the shared frozen tag object of the series.
   */
  forEachPoint(
    visit: (metric: string, value: number, timeEpochMs: number, tags: TagValues) => void,
  ): void {
    for (const bySet of this.seriesByMetric.values()) {
      for (const s of bySet.values()) {
        const { metric, values, times } = s;
        const tags = s.tagSet.tags;
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

  /** Compact serialisable form; `MetricStore.fromJSON` restores it exactly. */
  toJSON(): MetricStoreJson {
    const series: MetricSeriesJson[] = [];
    for (const bySet of this.seriesByMetric.values()) {
      for (const s of bySet.values()) {
        series.push({
          metric: s.metric,
          tagSet: s.tagSet.id,
          count: s.length,
          values: encodeFloat64(s.values, s.length),
          timesEpochMs: encodeFloat64(s.times, s.length),
        });
      }
    }
    return {
      format: 'metric-store',
      version: 1,
      tagSets: this.tagSetList.map((t) => ({ ...t.tags })),
      series,
    };
  }

  /** Restores a store from `toJSON()` output (parsed JSON or a structured clone). */
  static fromJSON(json: unknown): MetricStore {
    const data = checkJson(json);
    const store = new MetricStore();
    const tagSets = data.tagSets.map((tags) => store.internTags(tags));
    data.series.forEach((s, i) => {
      const tagSet = tagSets[s.tagSet];
      if (!tagSet) {
        throw badJson(`series[${i}].tagSet`, `${s.tagSet} is not an index into tagSets`);
      }
      const values = decodeFloat64(s.values, s.count, `series[${i}].values`);
      const times = decodeFloat64(s.timesEpochMs, s.count, `series[${i}].timesEpochMs`);
      // As `add` does: a NaN or Infinity would poison every statistic of the series.
      for (const [field, column] of [
        ['values', values],
        ['timesEpochMs', times],
      ] as const) {
        const at = column.findIndex((v) => !Number.isFinite(v));
        if (at !== -1) {
          throw badJson(`series[${i}].${field}[${at}]`, `${column[at]} is not a finite number`);
        }
      }
      store.appendArrays(s.metric, tagSet, values, times);
    });
    return store;
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
        values: new Float64Array(INITIAL_CAPACITY),
        times: new Float64Array(INITIAL_CAPACITY),
        length: 0,
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
    // No series for a metric without points, as with `add`. Callers pass finite values only.
    if (values.length === 0) return;
    const series = this.seriesFor(metric, tagSet);
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

// DataView fixes the byte order, so the form is the same on any platform.
function encodeFloat64(source: Float64Array, length: number): string {
  const bytes = new Uint8Array(length * 8);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < length; i += 1) dv.setFloat64(i * 8, source[i] as number, true);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function decodeFloat64(base64: string, count: number, field: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength !== count * 8) {
    throw badJson(field, `holds ${bytes.byteLength} bytes, expected count * 8 = ${count * 8}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 1) out[i] = dv.getFloat64(i * 8, true);
  return out;
}

function checkJson(json: unknown): MetricStoreJson {
  if (!isRecord(json) || json.format !== 'metric-store') {
    throw badJson('format', "expected an object with format 'metric-store' (from toJSON())");
  }
  if (json.version !== 1) {
    throw badJson('version', `${String(json.version)} is not supported; expected 1`);
  }
  const { tagSets, series } = json;
  if (!Array.isArray(tagSets)) throw badJson('tagSets', 'expected an array');
  tagSets.forEach((tags, i) => {
    if (!isRecord(tags) || !Object.values(tags).every((v) => typeof v === 'string')) {
      throw badJson(`tagSets[${i}]`, 'expected an object of string values');
    }
  });
  if (!Array.isArray(series)) throw badJson('series', 'expected an array');
  series.forEach((s, i) => {
    if (!isRecord(s)) throw badJson(`series[${i}]`, 'expected an object');
    if (typeof s.metric !== 'string') throw badJson(`series[${i}].metric`, 'expected a string');
    for (const field of ['tagSet', 'count'] as const) {
      const n = s[field];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        throw badJson(`series[${i}].${field}`, `${String(n)} is not a non-negative integer`);
      }
    }
    for (const field of ['values', 'timesEpochMs'] as const) {
      if (typeof s[field] !== 'string') {
        throw badJson(`series[${i}].${field}`, 'expected a base64 string');
      }
    }
  });
  return json as unknown as MetricStoreJson;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badJson(field: string, problem: string): MetricsError {
  return new MetricsError(
    'store-bad-json',
    `MetricStore.fromJSON: ${field} ${problem}. Pass the output of MetricStore#toJSON().`,
    { input: field },
  );
}
