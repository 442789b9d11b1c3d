import { describe, expect, it } from 'vitest';
import { MetricsError } from './metrics-error.js';
import {
  assertThresholdFits,
  type ComparisonOperator,
  compare,
  parseThreshold,
} from './parse-threshold.js';
import type { MetricKind } from './record-sample.js';

function errorOf(text: string, kind?: MetricKind): MetricsError {
  try {
    parseThreshold(text, kind);
  } catch (error) {
    if (error instanceof MetricsError) return error;
    throw error;
  }
  throw new Error(`parseThreshold(${JSON.stringify(text)}) did not throw`);
}

describe('parseThreshold', () => {
  it.each([
    ['p(95)<1000', { kind: 'percentile', pct: 95 }, '<', 1000],
    ['p(99.9)<=2500', { kind: 'percentile', pct: 99.9 }, '<=', 2500],
    ['rate<0.02', { kind: 'rate' }, '<', 0.02],
    ['avg<200', { kind: 'avg' }, '<', 200],
    ['med<150.5', { kind: 'med' }, '<', 150.5],
    ['min>=1', { kind: 'min' }, '>=', 1],
    ['max<5000', { kind: 'max' }, '<', 5000],
    ['count>100', { kind: 'count' }, '>', 100],
  ])('parses %s', (text, aggregation, operator, value) => {
    expect(parseThreshold(text)).toEqual({ source: text, aggregation, operator, value });
  });

  it.each([
    ['<', '<'],
    ['<=', '<='],
    ['>', '>'],
    ['>=', '>='],
    ['==', '=='],
    ['!=', '!='],
    ['===', '=='],
  ])('reads the operator %s', (written, operator) => {
    expect(parseThreshold(`avg${written}5`).operator).toBe(operator);
  });

  it('allows spaces between and inside the parts', () => {
    expect(parseThreshold('  p( 95 ) < 1000 ')).toMatchObject({
      aggregation: { kind: 'percentile', pct: 95 },
      operator: '<',
      value: 1000,
    });
    expect(parseThreshold('p(95) < 1000').value).toBe(1000);
  });

  it('accepts p(0) and p(100)', () => {
    expect(parseThreshold('p(0)>=0').aggregation).toEqual({ kind: 'percentile', pct: 0 });
    expect(parseThreshold('p(100)<9').aggregation).toEqual({ kind: 'percentile', pct: 100 });
  });

  it('rejects an empty expression', () => {
    expect(errorOf('  ').code).toBe('threshold-empty');
  });

  it('rejects p95 and tells how to write a percentile', () => {
    const error = errorOf('p95<1000');
    expect(error.code).toBe('threshold-unknown-aggregation');
    expect(error.message).toContain('Write percentiles as p(95)');
    expect(error.position).toBe(0);
  });

  it('rejects an unknown aggregation and lists the valid ones', () => {
    const error = errorOf('mean<100');
    expect(error.code).toBe('threshold-unknown-aggregation');
    expect(error.message).toContain('unknown aggregation "mean"');
    expect(error.message).toContain('avg, med, min, max, count, rate, p(N)');
    expect(error.message).toContain('Valid example: p(95)<1000');
  });

  it('rejects a percentile above 100 or not a number', () => {
    expect(errorOf('p(101)<5').code).toBe('threshold-bad-percentile');
    expect(errorOf('p(abc)<5').message).toContain(
      'percentile "abc" must be a number from 0 to 100',
    );
    expect(errorOf('p()<5').code).toBe('threshold-bad-percentile');
  });

  it('rejects a missing operator and points at where it should be', () => {
    const error = errorOf('p(95) 1000');
    expect(error.code).toBe('threshold-missing-operator');
    expect(error.position).toBe(6);
    expect(error.message).toContain('expected an operator (< <= > >= == !=) after "p(95)"');
    expect(error.message).toContain('\n  p(95) 1000\n        ^');
  });

  it('suggests == for a single =', () => {
    expect(errorOf('count=0').message).toContain('Use == for equality.');
  });

  it('rejects a value with a unit and says values are plain numbers', () => {
    const error = errorOf('p(95)<1s');
    expect(error.code).toBe('threshold-bad-value');
    expect(error.message).toContain('expected a number after "<", got "1s"');
    expect(error.message).toContain("plain numbers in the metric's unit");
    expect(error.position).toBe(6);
  });

  it('rejects a missing value and trailing text', () => {
    expect(errorOf('p(95)<').code).toBe('threshold-bad-value');
    expect(errorOf('p(95)<1000 ms').code).toBe('threshold-bad-value');
  });

  it('shows an example that fits the metric kind when one is given', () => {
    expect(errorOf('rat<0.1', 'rate').message).toContain('Valid example: rate<0.02');
  });
});

describe('assertThresholdFits', () => {
  it('rejects rate on a trend', () => {
    const error = errorOf('rate<0.1', 'trend');
    expect(error.code).toBe('threshold-aggregation-mismatch');
    expect(error.message).toContain(
      'rate does not apply to a trend; use avg, med, min, max, p(N), count',
    );
  });

  it('rejects p(95) on a rate and names the metric', () => {
    expect(() =>
      assertThresholdFits(parseThreshold('p(95)<0.1'), 'rate', 'http_req_failed'),
    ).toThrow('p(95) does not apply to http_req_failed (a rate); use rate, count');
  });

  it('rejects avg on a counter', () => {
    expect(errorOf('avg<1', 'counter').code).toBe('threshold-aggregation-mismatch');
  });

  it('accepts count on every kind and rate on rates and counters', () => {
    for (const kind of ['trend', 'rate', 'counter'] as const) {
      expect(() => parseThreshold('count>0', kind)).not.toThrow();
    }
    expect(() => parseThreshold('rate<0.1', 'rate')).not.toThrow();
    expect(() => parseThreshold('rate>5', 'counter')).not.toThrow();
    expect(() => parseThreshold('p(99)<5', 'trend')).not.toThrow();
  });
});

describe('compare', () => {
  it.each<[ComparisonOperator, boolean, boolean, boolean]>([
    // operator, 1 vs 2, 2 vs 2, 3 vs 2
    ['<', true, false, false],
    ['<=', true, true, false],
    ['>', false, false, true],
    ['>=', false, true, true],
    ['==', false, true, false],
    ['!=', true, false, true],
  ])('evaluates %s on below, equal and above', (operator, below, equal, above) => {
    expect([compare(1, operator, 2), compare(2, operator, 2), compare(3, operator, 2)]).toEqual([
      below,
      equal,
      above,
    ]);
  });
});
