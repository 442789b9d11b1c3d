import { describe, expect, it } from 'vitest';
import { MetricStore } from './metric-store.js';
import { MetricsError } from './metrics-error.js';

const A200 = { scenario: 'a', status: '200' };
const A500 = { scenario: 'a', status: '500' };
const B200 = { scenario: 'b', status: '200' };

function threeSeries(): MetricStore {
  const store = new MetricStore();
  store.record('llm_ttft_ms', A200, 1, 1000);
  store.record('llm_ttft_ms', A200, 2, 1001);
  store.record('llm_ttft_ms', A500, 3, 1002);
  store.record('llm_ttft_ms', B200, 4, 1003);
  store.record('llm_total_ms', A200, 99, 1004);
  return store;
}

const sortedValues = (values: Float64Array) => [...values].sort((x, y) => x - y);

describe('MetricStore#select', () => {
  it('returns every series of the metric for a selector without tags', () => {
    const { values, seriesCount } = threeSeries().select({ metric: 'llm_ttft_ms', tags: {} });
    expect(sortedValues(values)).toEqual([1, 2, 3, 4]);
    expect(seriesCount).toBe(3);
  });

  it('matches series whose tags contain every given pair, other tags free', () => {
    const store = threeSeries();
    expect(
      sortedValues(store.select({ metric: 'llm_ttft_ms', tags: { scenario: 'a' } }).values),
    ).toEqual([1, 2, 3]);
    expect(
      sortedValues(store.select({ metric: 'llm_ttft_ms', tags: { status: '200' } }).values),
    ).toEqual([1, 2, 4]);
    expect([...store.select({ metric: 'llm_ttft_ms', tags: A200 }).values]).toEqual([1, 2]);
  });

  it('returns nothing for a tag value no series has, or a tag no series carries', () => {
    const store = threeSeries();
    expect(store.select({ metric: 'llm_ttft_ms', tags: { scenario: 'c' } }).values).toHaveLength(0);
    expect(store.select({ metric: 'llm_ttft_ms', tags: { model: 'x' } }).values).toHaveLength(0);
    expect(store.select({ metric: 'llm_tpot_ms', tags: {} }).values).toHaveLength(0);
  });

  it('returns the time of each value, aligned, only when asked', () => {
    const store = threeSeries();
    const plain = store.select({ metric: 'llm_ttft_ms', tags: A200 });
    expect(plain.timesEpochMs).toBeNull();
    const timed = store.select({ metric: 'llm_ttft_ms', tags: A200 }, { withTimes: true });
    expect([...(timed.timesEpochMs ?? [])]).toEqual([1000, 1001]);
  });

  it('returns a copy the caller can sort without changing the store', () => {
    const store = new MetricStore();
    for (const v of [3, 1, 2]) store.record('m', {}, v, 0);
    store.select({ metric: 'm', tags: {} }).values.sort();
    expect([...store.select({ metric: 'm', tags: {} }).values]).toEqual([3, 1, 2]);
  });

  it('counts and sums matching points without copying', () => {
    const store = threeSeries();
    expect(store.count({ metric: 'llm_ttft_ms', tags: { scenario: 'a' } })).toBe(3);
    expect(store.sum({ metric: 'llm_ttft_ms', tags: { scenario: 'a' } })).toBe(6);
  });
});

describe('MetricStore recording', () => {
  it('keeps values in order past the initial capacity', () => {
    const store = new MetricStore();
    const tags = store.internTags({ s: 'x' });
    for (let i = 0; i < 1000; i += 1) store.add('m', tags, i, 5000 + i);
    const { values, timesEpochMs } = store.select({ metric: 'm', tags: {} }, { withTimes: true });
    expect(values).toEqual(Float64Array.from({ length: 1000 }, (_, i) => i));
    expect(timesEpochMs?.[999]).toBe(5999);
    expect(store.pointCount).toBe(1000);
  });

  it('adds many values with one time, in order, past the initial capacity', () => {
    const store = new MetricStore();
    const tags = store.internTags({ s: 'x' });
    store.add('m', tags, -1, 1);
    store.addValues(
      'm',
      tags,
      Array.from({ length: 40 }, (_, i) => i),
      7,
    );
    const { values, timesEpochMs } = store.select({ metric: 'm', tags: {} }, { withTimes: true });
    expect([...values]).toEqual([-1, ...Array.from({ length: 40 }, (_, i) => i)]);
    expect([...(timesEpochMs ?? [])]).toEqual([1, ...Array(40).fill(7)]);
    expect(store.pointCount).toBe(41);
  });

  it('skips non-finite values in addValues and creates no series for none left', () => {
    const store = new MetricStore();
    const tags = store.internTags({ s: 'x' });
    store.addValues('m', tags, [Number.NaN, 2, Number.POSITIVE_INFINITY, 3], 0);
    store.addValues('empty', tags, [Number.NaN], 0);
    store.addValues('empty', tags, [], 0);
    expect([...store.select({ metric: 'm', tags: {} }).values]).toEqual([2, 3]);
    expect(store.pointCount).toBe(2);
    expect(store.metrics()).toEqual(['m']);
  });

  it('rejects a foreign tag set and a non-finite time in addValues', () => {
    const other = new MetricStore().internTags({ s: 'x' });
    const store = new MetricStore();
    const tags = store.internTags({ s: 'y' });
    expect(() => store.addValues('m', other, [1], 0)).toThrow(MetricsError);
    expect(() => store.addValues('m', tags, [1], Number.NaN)).toThrow(/m: time NaN/);
  });

  it('interns one tag set per distinct set of tags, whatever the key order', () => {
    const store = new MetricStore();
    const first = store.internTags({ scenario: 'a', status: '200' });
    const second = store.internTags({ status: '200', scenario: 'a' });
    expect(second).toBe(first);
    expect(store.internTags({ scenario: 'a', status: '500' })).not.toBe(first);
    expect(Object.isFrozen(first.tags)).toBe(true);
  });

  it('rejects a tag set interned by another store', () => {
    const other = new MetricStore().internTags({ s: 'x' });
    const store = new MetricStore();
    store.internTags({ s: 'y' });
    expect(() => store.add('m', other, 1, 0)).toThrow(MetricsError);
  });

  it('rejects NaN and Infinity and names the metric', () => {
    const store = new MetricStore();
    expect(() => store.record('llm_ttft_ms', {}, Number.NaN, 0)).toThrow(/llm_ttft_ms: value NaN/);
    expect(() => store.record('llm_ttft_ms', {}, 1, Number.POSITIVE_INFINITY)).toThrow(
      MetricsError,
    );
    expect(store.pointCount).toBe(0);
  });
});

describe('MetricStore iteration', () => {
  it('visits every point with its metric, value, time and the shared tag object', () => {
    const store = threeSeries();
    const seen: string[] = [];
    const tagObjects = new Set<object>();
    store.forEachPoint((metric, value, timeEpochMs, tags) => {
      seen.push(`${metric}=${value}@${timeEpochMs}/${tags.scenario}:${tags.status}`);
      tagObjects.add(tags);
    });
    expect(seen.sort()).toEqual([
      'llm_total_ms=99@1004/a:200',
      'llm_ttft_ms=1@1000/a:200',
      'llm_ttft_ms=2@1001/a:200',
      'llm_ttft_ms=3@1002/a:500',
      'llm_ttft_ms=4@1003/b:200',
    ]);
    expect(tagObjects.size).toBe(3); // one object per tag set, not per point
  });

  it('lists series as views of one metric or of all', () => {
    const store = threeSeries();
    expect([...store.series('llm_ttft_ms')]).toHaveLength(3);
    expect([...store.series()]).toHaveLength(4);
    expect(store.metrics().sort()).toEqual(['llm_total_ms', 'llm_ttft_ms']);
  });
});

describe('MetricStore merge', () => {
  it('merges another store: shared tag sets append, new ones are added', () => {
    const left = threeSeries();
    const right = new MetricStore();
    right.record('llm_ttft_ms', { status: '200', scenario: 'a' }, 10, 2000);
    right.record('llm_ttft_ms', { scenario: 'c', status: '200' }, 20, 2001);
    right.record('dropped_iterations', { scenario: 'c', prompt: 'short' }, 1, 2002);
    left.merge(right);
    expect(left.pointCount).toBe(8);
    expect([...left.select({ metric: 'llm_ttft_ms', tags: A200 }).values]).toEqual([1, 2, 10]);
    expect([...left.select({ metric: 'llm_ttft_ms', tags: { scenario: 'c' } }).values]).toEqual([
      20,
    ]);
    expect(left.count({ metric: 'dropped_iterations', tags: {} })).toBe(1);
    expect(right.pointCount).toBe(3); // the source is left as it was
  });

  it('merges large series that need several doublings', () => {
    const left = new MetricStore();
    const right = new MetricStore();
    for (let i = 0; i < 5000; i += 1) right.record('m', { s: 'x' }, i, i);
    left.record('m', { s: 'x' }, -1, -1);
    left.merge(right);
    const values = left.select({ metric: 'm', tags: {} }).values;
    expect(values).toHaveLength(5001);
    expect(values[0]).toBe(-1);
    expect(values[5000]).toBe(4999);
  });
});

describe('MetricStore histogram-backed metrics', () => {
  it('keeps llm_itl_ms as a histogram: exact count, sum, min and max, no values to select', () => {
    const store = new MetricStore();
    const tags = store.internTags(A200);
    store.addValues('llm_itl_ms', tags, [10, 20, Number.NaN, 30], 1000);
    store.add('llm_itl_ms', tags, 40, 1001);
    expect(store.pointCount).toBe(4);
    expect(store.count({ metric: 'llm_itl_ms', tags: {} })).toBe(4);
    expect(store.sum({ metric: 'llm_itl_ms', tags: {} })).toBe(100);
    expect(store.statistics({ metric: 'llm_itl_ms', tags: {} }, [95])).toMatchObject({
      count: 4,
      min: 10,
      max: 40,
      avg: 25,
    });
    expect(() => store.select({ metric: 'llm_itl_ms', tags: {} })).toThrow(
      /llm_itl_ms is kept as a histogram.*MetricStore#statistics/,
    );
    expect([...store.series('llm_itl_ms')]).toHaveLength(0);
    expect([...store.histograms('llm_itl_ms')]).toHaveLength(1);
  });

  it('merges histograms by tag set, as the reporter merges workers', () => {
    const left = new MetricStore();
    const right = new MetricStore();
    left.record('llm_itl_ms', A200, 1, 1);
    right.record('llm_itl_ms', { status: '200', scenario: 'a' }, 3, 2);
    right.record('llm_itl_ms', B200, 5, 3);
    left.merge(right);
    expect(left.statistics({ metric: 'llm_itl_ms', tags: A200 }, [])).toMatchObject({
      count: 2,
      min: 1,
      max: 3,
    });
    expect(left.count({ metric: 'llm_itl_ms', tags: {} })).toBe(3);
  });

  it('gives exact metrics the same statistics as computeStatistics on the selected values', () => {
    const store = threeSeries();
    expect(store.statistics({ metric: 'llm_ttft_ms', tags: { scenario: 'a' } }, [50])).toEqual(
      expect.objectContaining({ count: 3, min: 1, max: 3, med: 2, sum: 6 }),
    );
  });
});
