import { describe, expect, it } from 'vitest';
import { LoadConfigError } from './load-config-error.js';
import { createSeededRandom } from './seeded-random.js';

const issuesOf = (seed: number): unknown => {
  try {
    createSeededRandom(seed);
  } catch (error) {
    return error instanceof LoadConfigError ? error.issues : error;
  }
  return [];
};

describe('createSeededRandom seed check', () => {
  it('accepts every integer from 0 to 2^53 - 1', () => {
    expect(issuesOf(0)).toEqual([]);
    expect(issuesOf(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('refuses 2^53, where integers stop being exact', () => {
    expect(issuesOf(2 ** 53)).toEqual([
      { code: 'not-integer', field: 'seed', value: 2 ** 53, fix: 'use an integer < 2^53' },
    ]);
  });

  it('refuses a negative seed with the fix, and Infinity once, as not a number', () => {
    expect(issuesOf(-1)).toEqual([
      { code: 'negative', field: 'seed', value: -1, fix: 'use an integer >= 0' },
    ]);
    expect(issuesOf(Number.POSITIVE_INFINITY)).toEqual([
      {
        code: 'not-a-number',
        field: 'seed',
        value: Number.POSITIVE_INFINITY,
        fix: 'use an integer >= 0',
      },
    ]);
  });
});
