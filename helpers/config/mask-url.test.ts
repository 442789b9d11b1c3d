import { describe, expect, it } from 'vitest';
import { describeMaskedUrl, maskUrl } from './mask-url.js';

describe('maskUrl', () => {
  it.each([
    // [input, shown, credentials, query or fragment]
    ['http://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1', false, false],
    ['https://user:hunter2secret@llm.example/v1', 'https://***@llm.example/v1', true, false],
    ['ftp://user:pa55word-x@host/', 'ftp://***@host/', true, false],
    ['https://llm.example/v1?key=sk-abcdef#frag', 'https://llm.example/v1', false, true],
    ['http://llm.example/v1?', 'http://llm.example/v1', false, true],
    // Does not parse (port out of range): string rules.
    ['http://user:pa55word-x@host:99999/v1?key=sk-abcdef', 'http://***@host:99999/v1', true, true],
    // A password holding `/`, `?`, `#` or `@`: everything up to the last `@` goes.
    ['http://user:pa/ss?wo#rd@host/', 'http://***@host/', true, false],
    ['https://u:p@ss@host/', 'https://***@host/', true, false],
    // No scheme, or one the URL parser reads without an authority.
    ['user:pa55word-x@host:8000', '***@host:8000', true, false],
    ['mailto://user:pa55word-x@host', 'mailto://***@host', true, false],
    ['not a url ?key=sk-abcdef', 'not a url ', false, true],
  ])('shows %s as %s', (input, shown, hasCredentials, hasQueryOrFragment) => {
    expect(maskUrl(input)).toEqual({ shown, hasCredentials, hasQueryOrFragment });
  });

  it('notes what was hidden', () => {
    expect(describeMaskedUrl(maskUrl('ftp://u:p@h/?k=v'))).toBe(
      'ftp://***@h/ (user:password and query or fragment not shown)',
    );
    expect(describeMaskedUrl(maskUrl('http://h/'))).toBe('http://h/');
  });
});
