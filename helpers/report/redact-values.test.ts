import { describe, expect, it } from 'vitest';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';
import { redactValues } from './redact-values.js';

const KEY = 'sk-probe-SECRET-7f3a9c2e11d04b';

describe('redactValues', () => {
  it('replaces a secret and its long pieces in every string and key, at any depth', () => {
    const value = {
      a: `key ${KEY}`,
      list: [`cut here: ${KEY.slice(0, 17)}`, 3, null],
      [`tag-${KEY.slice(-12)}`]: { deep: `…${KEY.slice(5, 20)}` },
    };
    const clean = redactValues(value, [KEY]);
    expect(clean).toEqual({
      a: 'key [redacted]',
      list: ['cut here: [redacted]', 3, null],
      'tag-[redacted]': { deep: '…[redacted]' },
    });
    expect(secretPiecesIn(JSON.stringify(clean), [KEY])).toEqual([]);
  });

  it('returns the value itself when there are no secrets', () => {
    const value = { a: 'x' };
    expect(redactValues(value, [])).toBe(value);
    expect(redactValues(value, [''])).toBe(value);
  });
});
