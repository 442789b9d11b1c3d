import { describe, expect, it } from 'vitest';
import { createSecretRedactor } from './secret-redactor.js';

describe('createSecretRedactor passes', () => {
  it('redacts a secret that the marker of an earlier redaction completes', () => {
    // "d]y" appears only once "tok1234" has become "[redacted]".
    const redact = createSecretRedactor(['tok1234', 'd]y']);
    expect(redact('tok1234y!')).toBe('[redacte[redacted]!');
  });

  it('stops after three passes when every pass makes a new match', () => {
    // Each pass turns the "d]y" its marker made into a new marker: 4 would be needed here.
    const redact = createSecretRedactor(['tok1234', 'd]y']);
    expect(redact('tok1234yyyy')).toBe('[redacte[redacte[redacted]yy');
  });
});
