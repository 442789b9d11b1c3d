import { describe, expect, it } from 'vitest';
import { MetricStore } from './metric-store.js';
import { MetricsError } from './metrics-error.js';

/** A valid toJSON() of one series with two points, as parsed JSON. */
function goodJson(): Record<string, unknown> {
  const store = new MetricStore();
  store.record('llm_ttft_ms', { scenario: 'a' }, 10, 1000);
  store.record('llm_ttft_ms', { scenario: 'a' }, 20, 1001);
  return JSON.parse(JSON.stringify(store.toJSON()));
}

function goodSeries(): Record<string, unknown> {
  return (goodJson().series as Record<string, unknown>[])[0] as Record<string, unknown>;
}

function fromJsonError(json: unknown): MetricsError {
  try {
    MetricStore.fromJSON(json);
  } catch (error) {
    if (error instanceof MetricsError) return error;
    throw error;
  }
  throw new Error('fromJSON accepted it');
}

describe('MetricStore.fromJSON names the malformed field', () => {
  it.each<[string, unknown, string, string]>([
    ['null', null, 'format', "expected an object with format 'metric-store' (from toJSON())"],
    ['an array', [], 'format', "expected an object with format 'metric-store' (from toJSON())"],
    ['tagSets not an array', { ...goodJson(), tagSets: {} }, 'tagSets', 'expected an array'],
    [
      'a tag set that is an array',
      { ...goodJson(), tagSets: [['a']] },
      'tagSets[0]',
      'expected an object of string values',
    ],
    [
      'a tag value that is a number',
      { ...goodJson(), tagSets: [{ scenario: 'a' }, { status: 200 }] },
      'tagSets[1]',
      'expected an object of string values',
    ],
    ['series not an array', { ...goodJson(), series: 'x' }, 'series', 'expected an array'],
    ['a series that is null', { ...goodJson(), series: [null] }, 'series[0]', 'expected an object'],
    [
      'a series without a metric',
      { ...goodJson(), series: [{ ...goodSeries(), metric: 7 }] },
      'series[0].metric',
      'expected a string',
    ],
    [
      'a negative tag set index',
      { ...goodJson(), series: [{ ...goodSeries(), tagSet: -1 }] },
      'series[0].tagSet',
      '-1 is not a non-negative integer',
    ],
    [
      'a fractional count',
      { ...goodJson(), series: [{ ...goodSeries(), count: 1.5 }] },
      'series[0].count',
      '1.5 is not a non-negative integer',
    ],
    [
      'a count given as text',
      { ...goodJson(), series: [{ ...goodSeries(), count: '2' }] },
      'series[0].count',
      '2 is not a non-negative integer',
    ],
    [
      'values that are not base64 text',
      { ...goodJson(), series: [{ ...goodSeries(), values: [10, 20] }] },
      'series[0].values',
      'expected a base64 string',
    ],
    [
      'times that are missing',
      { ...goodJson(), series: [{ ...goodSeries(), timesEpochMs: undefined }] },
      'series[0].timesEpochMs',
      'expected a base64 string',
    ],
    [
      'times shorter than the count',
      { ...goodJson(), series: [{ ...goodSeries(), timesEpochMs: 'AAAAAAAAAAA=' }] },
      'series[0].timesEpochMs',
      'holds 8 bytes, expected count * 8 = 16',
    ],
  ])('rejects %s', (_what, json, field, problem) => {
    const error = fromJsonError(json);
    expect(error.code).toBe('store-bad-json');
    expect(error.input).toBe(field);
    expect(error.message.split('\n')[0]).toBe(
      `MetricStore.fromJSON: ${field} ${problem}. Pass the output of MetricStore#toJSON().`,
    );
  });

  it('accepts a series with count 0 and records no points for it', () => {
    const empty = { ...goodSeries(), count: 0, values: '', timesEpochMs: '' };
    const store = MetricStore.fromJSON({ ...goodJson(), series: [empty] });
    expect(store.pointCount).toBe(0);
    expect(store.select({ metric: 'llm_ttft_ms', tags: {} }).seriesCount).toBe(0);
  });
});

/** The error `act` throws; fails the test when it throws none. */
function thrownBy(act: () => void): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('MetricStore rejects points it cannot judge', () => {
  it('names the metric, the value and the time of a non-finite point', () => {
    const store = new MetricStore();
    const tagSet = store.internTags({ scenario: 'a' });
    const error = thrownBy(() => store.add('llm_ttft_ms', tagSet, Number.NaN, 1000));
    expect(error).toBeInstanceOf(MetricsError);
    expect(error).toMatchObject({
      code: 'store-bad-value',
      input: 'llm_ttft_ms',
      message:
        'llm_ttft_ms: value NaN at time 1000 is not a finite number; ' +
        'skip the point instead of recording NaN or Infinity.',
    });
  });

  it('refuses a tag set interned by another store, for one point and for many', () => {
    const other = new MetricStore().internTags({ scenario: 'a' });
    const store = new MetricStore();
    store.internTags({ scenario: 'b' });
    const expected = {
      code: 'store-foreign-tag-set',
      input: other.key,
      message: `tagSet ${other.key} was interned by another MetricStore: call internTags() on this one.`,
    };
    expect(thrownBy(() => store.add('m', other, 1, 1))).toMatchObject(expected);
    expect(thrownBy(() => store.addValues('m', other, [1], 1))).toMatchObject(expected);
  });

  it('names the metric and the time when addValues gets a non-finite time', () => {
    const store = new MetricStore();
    const tagSet = store.internTags({ scenario: 'a' });
    expect(
      thrownBy(() => store.addValues('llm_itl_ms', tagSet, [1], Number.POSITIVE_INFINITY)),
    ).toMatchObject({
      code: 'store-bad-value',
      input: 'llm_itl_ms',
      message: 'llm_itl_ms: time Infinity is not a finite number; pass epoch ms.',
    });
  });
});
