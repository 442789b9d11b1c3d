import { describe, expect, it } from 'vitest';
import {
  checkNumber,
  formatLoadIssue,
  LoadConfigError,
  type LoadIssue,
} from './load-config-error.js';

const issuesOf = (value: unknown, rule: Parameters<typeof checkNumber>[3]): LoadIssue[] => {
  const issues: LoadIssue[] = [];
  checkNumber(issues, 'field', value, rule);
  return issues;
};

const ms = { min: 0, unit: 'ms' };
const iterations = { min: 1, integer: true, unit: 'iterations' };

describe('checkNumber', () => {
  it('accepts a finite number at the minimum, and a fraction when no integer is asked', () => {
    expect(issuesOf(0, ms)).toEqual([]);
    expect(issuesOf(0.5, ms)).toEqual([]);
    expect(issuesOf(1, iterations)).toEqual([]);
  });

  it('calls a string, NaN and the infinities not a number, with the fix', () => {
    for (const value of ['5', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(issuesOf(value, ms)).toEqual([
        { code: 'not-a-number', field: 'field', value, fix: 'use a number >= 0 ms' },
      ]);
    }
  });

  it('calls a value under a minimum of 0 negative, and under any other minimum below-minimum', () => {
    expect(issuesOf(-0.001, ms)).toEqual([
      { code: 'negative', field: 'field', value: -0.001, fix: 'use a number >= 0 ms' },
    ]);
    expect(issuesOf(0, iterations)).toEqual([
      { code: 'below-minimum', field: 'field', value: 0, fix: 'use an integer >= 1 iterations' },
    ]);
  });

  it('calls a fraction not an integer only when an integer is asked', () => {
    expect(issuesOf(1.5, iterations)).toEqual([
      { code: 'not-integer', field: 'field', value: 1.5, fix: 'use an integer >= 1 iterations' },
    ]);
    expect(issuesOf(1.5, { min: 1, integer: false, unit: 'iterations' })).toEqual([]);
  });

  it('gives one issue per value, the first rule broken', () => {
    // -1.5 is negative and not an integer: the sign is the fix to make first.
    expect(issuesOf(-1.5, { min: 0, integer: true, unit: '' })).toEqual([
      { code: 'negative', field: 'field', value: -1.5, fix: 'use an integer >= 0' },
    ]);
  });

  it('leaves the unit out of the fix when it is empty', () => {
    expect(issuesOf(-1, { min: 0, unit: '' })[0]?.fix).toBe('use a number >= 0');
  });

  it('appends to the issues already found', () => {
    const issues: LoadIssue[] = [];
    checkNumber(issues, 'a', -1, ms);
    checkNumber(issues, 'b', 3, ms);
    checkNumber(issues, 'c', 'x', ms);
    expect(issues.map((issue) => issue.field)).toEqual(['a', 'c']);
  });
});

describe('formatLoadIssue', () => {
  const issue = (value: unknown): LoadIssue => ({
    code: 'not-a-number',
    field: 'stages[1].durationMs',
    value,
    fix: 'use a number >= 0 ms',
  });

  it('reads field, value and fix as one sentence', () => {
    expect(formatLoadIssue(issue(-5))).toBe('stages[1].durationMs is -5: use a number >= 0 ms');
  });

  it('shows each kind of value as the user wrote it, or names its type', () => {
    const shown = (value: unknown) => formatLoadIssue(issue(value)).split(' is ')[1]?.split(':')[0];
    expect(shown(Number.NaN)).toBe('NaN');
    expect(shown(10n)).toBe('10');
    expect(shown(true)).toBe('true');
    expect(shown(undefined)).toBe('missing');
    expect(shown(null)).toBe('null');
    expect(shown('1m')).toBe('"1m"');
    expect(shown({ ms: 5 })).toBe('object');
    expect(shown([5])).toBe('object');
  });
});

describe('LoadConfigError', () => {
  it('lists every issue on its own line under one heading, and keeps them for programs', () => {
    const issues: LoadIssue[] = [
      { code: 'negative', field: 'rampUpMs', value: -1, fix: 'use a number >= 0 ms' },
      { code: 'not-a-number', field: 'holdMs', value: undefined, fix: 'use a number >= 0 ms' },
    ];
    const error = new LoadConfigError(issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LoadConfigError');
    expect(error.code).toBe('LOAD_INVALID_CONFIG');
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe(
      'Invalid load configuration:\n' +
        '  - rampUpMs is -1: use a number >= 0 ms\n' +
        '  - holdMs is missing: use a number >= 0 ms',
    );
  });
});
