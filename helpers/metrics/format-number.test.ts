import { describe, expect, it } from 'vitest';
import { formatNumber, formatNumberAgainst } from './format-number.js';

describe('formatNumber', () => {
  it('keeps integers, drops decimals from 100, keeps one from 1, three digits below 1', () => {
    expect([1539, 1538.8, 12.345, 0.012345, 0].map(formatNumber)).toEqual([
      '1539',
      '1539',
      '12.3',
      '0.0123',
      '0',
    ]);
  });
});

describe('formatNumberAgainst', () => {
  it('rounds as formatNumber when the rounded value stays clear of the limit', () => {
    expect(formatNumberAgainst(1538.8, { operator: '<', value: 1000 })).toBe('1539');
  });

  it('adds digits when the rounded value would equal the limit or cross it', () => {
    expect(formatNumberAgainst(1000.4, { operator: '<', value: 1000 })).toBe('1000.4');
    expect(formatNumberAgainst(999.6, { operator: '<', value: 1000 })).toBe('999.6');
    expect(formatNumberAgainst(0.020004, { operator: '<', value: 0.02 })).toBe('0.020004');
  });

  it('leaves a value that is the limit as it is', () => {
    expect(formatNumberAgainst(1000, { operator: '<=', value: 1000 })).toBe('1000');
  });
});
