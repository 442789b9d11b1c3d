import { describe, expect, it } from 'vitest';
import { createSecretRedactor, REDACTED, redactThenCut } from './secret-redactor.js';

const KEY = 'sk-probe-SECRET-7f3a9c2e';
const redact = createSecretRedactor([KEY]);

describe('redactThenCut at a marker', () => {
  it('does not pull in a marker that starts at the cut', () => {
    expect(redactThenCut(`abcdef${KEY}xyz`, 6, redact)).toBe('abcdef…');
  });

  it('adds no ellipsis when the kept marker ends the text', () => {
    expect(redactThenCut(`abc ${KEY}`, 6, redact)).toBe(`abc ${REDACTED}`);
  });

  it('adds the ellipsis when text follows the kept marker', () => {
    expect(redactThenCut(`abc ${KEY}!`, 6, redact)).toBe(`abc ${REDACTED}…`);
  });
});
