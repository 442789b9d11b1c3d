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
  it('keeps two decimals of p99.95 in the hint', () => {
    expect(problemOf('p99.95<5')).toContain('Write percentiles as p(99.95).');
  });

  it('keeps the decimals of p99.9 in the hint', () => {
    expect(problemOf('p99.9<5')).toBe(
      'Threshold "p99.9<5": unknown aggregation "p99.9". Write percentiles as p(99.9). ' +
        'Use one of avg, med, min, max, count, rate, p(N).',
    );
  });
});

describe('parseThreshold names the part it could not read', () => {
  it('says an expression of only spaces is empty', () => {
    const error = errorOf('   ');
    expect(error.code).toBe('threshold-empty');
    expect(error.message).toBe(
      'Threshold "   ": is empty; write AGGREGATION OPERATOR NUMBER.\nValid example: p(95)<1000',
    );
  });

  it('shows the one character where an aggregation should start', () => {
    const error = errorOf('<5');
    expect(error.code).toBe('threshold-unknown-aggregation');
    expect(problemOf('<5')).toBe(
      'Threshold "<5": unknown aggregation "<". Use one of avg, med, min, max, count, rate, p(N).',
    );
    expect(error.position).toBe(0);
  });

  it('does not read an aggregation that starts after a digit', () => {
    expect(problemOf('9avg<5')).toBe(
      'Threshold "9avg<5": unknown aggregation "9". Use one of avg, med, min, max, count, rate, p(N).',
    );
  });

  it('does not read p(N) that starts inside a longer word', () => {
    const error = errorOf('xp(95)<1');
    expect(error.code).toBe('threshold-unknown-aggregation');
    expect(problemOf('xp(95)<1')).toContain('unknown aggregation "xp"');
  });

  it('gives the percentile hint only for p and a number alone', () => {
    expect(problemOf('xp95<1')).not.toContain('Write percentiles');
    expect(problemOf('p95x<1')).not.toContain('Write percentiles');
    expect(problemOf('p95<1')).toContain('Write percentiles as p(95).');
  });

  it('suggests == only when a single = stands where the operator should be', () => {
    expect(problemOf('count=0')).toBe(
      'Threshold "count=0": expected an operator (< <= > >= == !=) after "count". Use == for equality.',
    );
    expect(problemOf('count 0')).toBe(
      'Threshold "count 0": expected an operator (< <= > >= == !=) after "count".',
    );
  });
});

describe('parseThreshold hints for a bad value', () => {
  it.each(['500ms', '-5ms', '2.5s', '2%'])(
    'says values are plain numbers when %s is a number with a unit',
    (value) => {
      expect(problemOf(`avg>${value}`)).toBe(
        `Threshold "avg>${value}": expected a number after ">", got "${value}". ` +
          "Values are plain numbers in the metric's unit (ms for durations, 0.02 for 2%).",
      );
    },
  );

  it.each(['x5ms', '5ms extra', 'fast'])('gives no unit hint for %s', (value) => {
    expect(problemOf(`avg>${value}`)).toBe(
      `Threshold "avg>${value}": expected a number after ">", got "${value}".`,
    );
  });
});
