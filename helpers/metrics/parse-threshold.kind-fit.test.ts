import { describe, expect, it } from 'vitest';
import { MetricsError } from './metrics-error.js';
import { assertThresholdFits, parseThreshold } from './parse-threshold.js';
import type { MetricKind } from './record-sample.js';

function fitError(text: string, kind: MetricKind, metric?: string): MetricsError {
  try {
    assertThresholdFits(parseThreshold(text), kind, metric);
  } catch (error) {
    if (error instanceof MetricsError) return error;
    throw error;
  }
  throw new Error(`${text} was accepted on a ${kind}`);
}

describe('assertThresholdFits explains which aggregations a metric kind takes', () => {
  it('lists the aggregations of a counter, rate counted per second', () => {
    const error = fitError('avg<1', 'counter', 'dropped_iterations');
    expect(error.message).toBe(
      'Threshold "avg<1": avg does not apply to dropped_iterations (a counter); ' +
        'use count, rate (per second).\n' +
        '  avg<1\n' +
        '  ^\n' +
        'Valid example: count<1',
    );
  });

  it('points at the aggregation and gives an example that fits the kind', () => {
    const error = fitError('p(95)<0.1', 'rate');
    expect({ input: error.input, position: error.position, example: error.example }).toEqual({
      input: 'p(95)<0.1',
      position: 0,
      example: 'rate<0.02',
    });
  });

  it.each<[string, MetricKind]>([
    ['avg<1', 'rate'],
    ['med<1', 'rate'],
    ['min<1', 'counter'],
    ['max<1', 'counter'],
    ['p(50)<1', 'counter'],
    ['rate<1', 'trend'],
  ])('rejects %s on a %s', (text, kind) => {
    expect(fitError(text, kind).code).toBe('threshold-aggregation-mismatch');
  });
});
