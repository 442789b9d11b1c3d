import { describe, expect, it } from 'vitest';
import {
  createHeaderRedactor,
  createSecretRedactor,
  MAX_SECRET_PIECE_CHARS,
  REDACTED,
  redactThenCut,
} from './secret-redactor.js';
import { secretPiecesIn } from './testing/secret-pieces.js';

const KEY = 'sk-probe-SECRET-7f3a9c2e';
// A 300-character token, as in the issue that found the leak.
const TOKEN =
  `tok-${'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.repeat(5)}`.slice(0, 300);

describe('createSecretRedactor', () => {
  const redact = createSecretRedactor([KEY, TOKEN]);

  it('replaces a whole secret', () => {
    expect(redact(`key ${KEY} and token ${TOKEN}.`)).toBe(`key ${REDACTED} and token ${REDACTED}.`);
  });

  it('replaces a prefix, a suffix and a middle piece longer than 8 characters', () => {
    const prefix = TOKEN.slice(0, 133);
    const suffix = KEY.slice(-9);
    const middle = TOKEN.slice(100, 109);
    expect(redact(`a ${prefix} b ${suffix} c ${middle} d`)).toBe(
      `a ${REDACTED} b ${REDACTED} c ${REDACTED} d`,
    );
  });

  it('leaves pieces of 8 characters or fewer, so short common words survive', () => {
    const piece = KEY.slice(0, MAX_SECRET_PIECE_CHARS);
    expect(redact(`got ${piece}!`)).toBe(`got ${piece}!`);
  });

  it('replaces a secret shorter than 9 characters only whole', () => {
    const short = createSecretRedactor(['tok-123']);
    expect(short('tok-123 tok-12')).toBe(`${REDACTED} tok-12`);
  });

  it('replaces the JSON-escaped form of a secret with quotes and backslashes', () => {
    const secret = 'ab"cd\\ef"gh\\ij"kl';
    const quoted = JSON.stringify({ echo: secret });
    expect(
      secretPiecesIn(createSecretRedactor([secret])(quoted), [JSON.stringify(secret)]),
    ).toEqual([]);
    expect(createSecretRedactor([secret])(quoted)).toBe(`{"echo":"${REDACTED}"}`);
  });

  it('leaves no piece of a secret at any offset in a text', () => {
    for (let start = 0; start < KEY.length; start++) {
      for (let end = start + MAX_SECRET_PIECE_CHARS + 1; end <= KEY.length; end++) {
        const text = `x${KEY.slice(start, end)}y`;
        expect(secretPiecesIn(redact(text), [KEY]), text).toEqual([]);
      }
    }
  });

  it('ends on a secret that contains the marker itself', () => {
    const odd = createSecretRedactor([`x${REDACTED}y`]);
    expect(odd(`a x${REDACTED}y b`)).toBe(`a ${REDACTED} b`);
  });

  it('returns the text unchanged without secrets', () => {
    expect(createSecretRedactor([])('anything')).toBe('anything');
    expect(createSecretRedactor([''])('anything')).toBe('anything');
  });
});

describe('redactThenCut', () => {
  const redact = createSecretRedactor([KEY, TOKEN]);

  it('shows no piece of a secret placed across the cut, at every position', () => {
    const limit = 50;
    for (const secret of [KEY, TOKEN]) {
      for (let at = limit - secret.length; at <= limit; at++) {
        const text = `${'.'.repeat(Math.max(0, at))}${secret}${'.'.repeat(100)}`;
        const shown = redactThenCut(text, limit, redact);
        expect(secretPiecesIn(shown, [secret]), `secret at ${at}`).toEqual([]);
      }
    }
  });

  it('shows no piece of a partly echoed secret placed across the cut', () => {
    const text = `${'x'.repeat(150)}${TOKEN.slice(0, 133)}${'y'.repeat(100)}`;
    const shown = redactThenCut(text, 200, redact);
    expect(secretPiecesIn(shown, [TOKEN])).toEqual([]);
    expect(shown).toBe(`${'x'.repeat(150)}${REDACTED}${'y'.repeat(40)}…`);
  });

  it('keeps a marker whole that the cut would split, and short texts as they are', () => {
    expect(redactThenCut(`abc ${KEY} def`, 6, redact)).toBe(`abc ${REDACTED}…`);
    expect(redactThenCut('short', 10, redact)).toBe('short');
    expect(redactThenCut('a plain message', 7, redact)).toBe('a plain…');
  });
});

describe('createHeaderRedactor', () => {
  it('replaces the credential of a bearer value, with or without its scheme word', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer sk-abcdef123' });
    expect(redact('got "Bearer sk-abcdef123" and sk-abcdef123')).toBe(
      'got "Bearer [redacted]" and [redacted]',
    );
  });

  it('replaces a long piece of a bearer credential echoed alone', () => {
    const redact = createHeaderRedactor({ authorization: `Bearer ${TOKEN}` });
    expect(redact(`invalid key ${TOKEN.slice(40, 60)}`)).toBe(`invalid key ${REDACTED}`);
  });

  it('replaces every configured header value', () => {
    const redact = createHeaderRedactor({ a: 'token-one', b: 'token-two' });
    expect(redact('token-one,token-two')).toBe('[redacted],[redacted]');
  });

  it('replaces a whole value whose credential is too short to stand alone', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer abc' });
    expect(redact('sent Bearer abc')).toBe(`sent ${REDACTED}`);
  });

  it('leaves short values alone so common words survive', () => {
    const redact = createHeaderRedactor({ 'x-flag': 'true' });
    expect(redact('true story')).toBe('true story');
  });
});
