import { describe, expect, it } from 'vitest';
import { createHeaderRedactor, REDACTED } from './secret-redactor.js';

describe('createHeaderRedactor value lengths', () => {
  it('treats a value of 6 characters as a secret and one of 5 as not', () => {
    const redact = createHeaderRedactor({ a: 'abcdef', b: 'vwxyz' });
    expect(redact('abcdef vwxyz')).toBe(`${REDACTED} vwxyz`);
  });

  it('redacts a credential of 6 characters on its own', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer abc123' });
    expect(redact('key abc123')).toBe(`key ${REDACTED}`);
  });

  it('redacts a credential of 5 characters only together with its scheme word', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer abc12' });
    expect(redact('key abc12, sent Bearer abc12')).toBe(`key abc12, sent ${REDACTED}`);
  });
});

describe('createHeaderRedactor spaces', () => {
  it('finds the credential of a value with spaces around it', () => {
    // Without trimming, the value's first space would make "Bearer abc12345" the credential,
    // and its 8-character credential alone would show.
    const redact = createHeaderRedactor({ authorization: ' Bearer abc12345 ' });
    expect(redact('key abc12345.')).toBe(`key ${REDACTED}.`);
  });

  it('finds the credential after more than one space', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer   abc12345' });
    expect(redact('key abc12345.')).toBe(`key ${REDACTED}.`);
  });

  it('finds the credential after a scheme word of one letter', () => {
    const redact = createHeaderRedactor({ authorization: 'X secret12' });
    expect(redact('key secret12.')).toBe(`key ${REDACTED}.`);
  });

  it('redacts a value of one word whole', () => {
    const redact = createHeaderRedactor({ 'x-api-key': 'k3y-1234' });
    expect(redact('got k3y-1234!')).toBe(`got ${REDACTED}!`);
  });
});
