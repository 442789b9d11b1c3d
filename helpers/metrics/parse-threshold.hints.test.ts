import { describe, expect, it } from 'vitest';
import { MetricsError } from './metrics-error.js';
import { parseThreshold } from './parse-threshold.js';

function errorOf(text: string): MetricsError {
  try {
    parseThreshold(text);
  } catch (error) {
    if (error instanceof MetricsError) return error;
    throw error;
  }
  throw new Error(`parseThreshold(${JSON.stringify(text)}) did not throw`);
}

/** The first line of the message: the problem, without the caret and example lines. */
const problemOf = (text: string): string => errorOf(text).message.split('\n')[0] as string;

describe('parseThreshold hints for a percentile written without parentheses', () => {
  it('keeps the decimals of p99.9 in the hint', () => {
    expect(problemOf('p99.9<5')).toBe(
      'Threshold "p99.9<5": unknown aggregation "p99.9". Write percentiles as p(99.9). ' +
        'Use one of avg, med, min, max, count, rate, p(N).',
    );
  });
});
