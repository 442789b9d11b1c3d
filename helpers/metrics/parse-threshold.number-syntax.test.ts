import { describe, expect, it } from 'vitest';
import { MetricsError } from './metrics-error.js';
import { parseThreshold } from './parse-threshold.js';

function codeOf(text: string): string {
  try {
    parseThreshold(text);
  } catch (error) {
    if (error instanceof MetricsError) return error.code;
    throw error;
  }
  return 'parsed';
}

describe('parseThreshold reads the value as a plain decimal number', () => {
  it.each([
    ['avg<+5', 5],
    ['avg>-5', -5],
    ['rate<.25', 0.25],
    ['avg<5.', 5],
    ['avg<1e3', 1000],
    ['avg<1E3', 1000],
    ['avg<2.5e10', 25_000_000_000],
    ['rate<1e-3', 0.001],
    ['avg<1e+3', 1000],
  ])('reads %s as %d', (text, value) => {
    expect(parseThreshold(text).value).toBe(value);
  });

  it.each([
    'avg<x5',
    'avg<5x',
    'avg<0x10',
    'avg<1e',
    'avg<e3',
    'avg<.',
    'avg<+-5',
    'avg<Infinity',
    'avg<NaN',
  ])('rejects %s', (text) => {
    expect(codeOf(text)).toBe('threshold-bad-value');
  });
});

describe('parseThreshold reads p(N) only as a number from 0 to 100', () => {
  it('allows a space between p and the parenthesis', () => {
    expect(parseThreshold('p (95)<1000').aggregation).toEqual({ kind: 'percentile', pct: 95 });
  });

  it('reads decimals of any length', () => {
    expect(parseThreshold('p(99.95)<1000').aggregation).toEqual({
      kind: 'percentile',
      pct: 99.95,
    });
  });

  it.each(['p(-5)<1', 'p(95x)<1', 'p(x95)<1', 'p(100.5)<1', 'p(9.)<1', 'p()<1', 'p(1e2)<1'])(
    'rejects %s',
    (text) => {
      expect(codeOf(text)).toBe('threshold-bad-percentile');
    },
  );
});
