import { describe, expect, it } from 'vitest';
import { MetricStore } from './metric-store.js';
import { MetricsError } from './metrics-error.js';

/** toJSON() of one series with the points (1, t=1) and (2, t=2), with one column replaced. */
function jsonWith(field: 'values' | 'timesEpochMs', column: readonly number[]): unknown {
  const store = new MetricStore();
  store.record('llm_ttft_ms', { scenario: 'a' }, 1, 1);
  store.record('llm_ttft_ms', { scenario: 'a' }, 2, 2);
  const json = JSON.parse(JSON.stringify(store.toJSON()));
  const bytes = Buffer.alloc(column.length * 8);
  for (const [i, v] of column.entries()) bytes.writeDoubleLE(v, i * 8);
  json.series[0][field] = bytes.toString('base64');
  return json;
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

describe('MetricStore.fromJSON refuses points that add() would refuse', () => {
  it('names a NaN value after a finite one', () => {
    const error = fromJsonError(jsonWith('values', [1, Number.NaN]));
    expect(error.code).toBe('store-bad-json');
    expect(error.message.split('\n')[0]).toBe(
      'MetricStore.fromJSON: series[0].values[1] NaN is not a finite number. ' +
        'Pass the output of MetricStore#toJSON().',
    );
  });

  it('names an infinite time', () => {
    const error = fromJsonError(jsonWith('timesEpochMs', [Number.POSITIVE_INFINITY, 2]));
    expect(error.input).toBe('series[0].timesEpochMs[0]');
  });

  it('still restores finite points', () => {
    const store = MetricStore.fromJSON(jsonWith('values', [5, 6]));
    expect([...store.select({ metric: 'llm_ttft_ms', tags: {} }).values]).toEqual([5, 6]);
  });
});
