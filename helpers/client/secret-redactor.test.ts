import { describe, expect, it } from 'vitest';
import { createHeaderRedactor } from './secret-redactor.js';

describe('createHeaderRedactor', () => {
  it('replaces a whole header value and its bearer credential alone', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer sk-abcdef123' });
    expect(redact('got "Bearer sk-abcdef123" and sk-abcdef123')).toBe(
      'got "[redacted]" and [redacted]',
    );
  });

  it('replaces every configured header value', () => {
    const redact = createHeaderRedactor({ a: 'token-one', b: 'token-two' });
    expect(redact('token-one,token-two')).toBe('[redacted],[redacted]');
  });

  it('leaves short values alone so common words survive', () => {
    const redact = createHeaderRedactor({ 'x-flag': 'true' });
    expect(redact('true story')).toBe('true story');
  });
});
