import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

function decodeInPieces(bytes: Buffer, cuts: readonly number[]): string {
  const decoder = new Utf8ChunkDecoder();
  const bounds = [0, ...cuts, bytes.length];
  let text = '';
  for (let i = 0; i + 1 < bounds.length; i++)
    text += decoder.decode(bytes.subarray(bounds[i], bounds[i + 1]));
  return text + decoder.end();
}

describe('Utf8ChunkDecoder', () => {
  it('decodes 2-, 3- and 4-byte characters split at every byte', () => {
    const text = 'a é b 漢 c 😀 d';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toBe(text);
  });

  it('decodes a 4-byte character split into single bytes', () => {
    const bytes = Buffer.from('x😀y');
    expect(decodeInPieces(bytes, [1, 2, 3, 4])).toBe('x😀y');
  });

  it('decodes any text split anywhere like a single decode', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }).chain((text) => {
          const length = Buffer.byteLength(text);
          return fc.tuple(
            fc.constant(text),
            length < 2
              ? fc.constant([])
              : fc.uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 20 }),
          );
        }),
        ([text, cuts]) => {
          expect(
            decodeInPieces(
              Buffer.from(text),
              [...cuts].sort((a, b) => a - b),
            ),
          ).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('turns a character cut off at the end of the body into U+FFFD', () => {
    const bytes = Buffer.from('ok😀').subarray(0, 4);
    expect(decodeInPieces(bytes, [])).toBe('ok\uFFFD');
  });
});
