import { describe, expect, it } from 'vitest';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

/** Decodes the chunks in order, then ends the body. */
function decodeChunks(chunks: readonly (readonly number[] | string)[]): string {
  const decoder = new Utf8ChunkDecoder();
  let text = '';
  for (const chunk of chunks)
    text += decoder.decode(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return text + decoder.end();
}

// An ASCII chunk after a cut character must go through the TextDecoder, which still holds
// the cut bytes and turns them into U+FFFD; the latin1 fast path would drop them.
describe('Utf8ChunkDecoder after a chunk that ends inside a character', () => {
  it('keeps a lone 2-byte lead for the next ASCII chunk', () => {
    expect(decodeChunks([[0xc3], 'a'])).toBe('\uFFFDa');
  });

  it('keeps a 3-byte character cut after a 0x80 continuation byte', () => {
    // U+8000 is E8 80 80: the chunk's last byte is 0x80, the smallest continuation byte.
    expect(decodeChunks([[0xe8, 0x80], 'a'])).toBe('\uFFFDa');
    expect(decodeChunks([[0xe8, 0x80], [0x80]])).toBe('\u8000');
  });

  it('keeps a 3-byte character with lead byte 0xE0 cut after two bytes', () => {
    // U+0900 is E0 A4 80.
    expect(decodeChunks([[0xe0, 0xa4], 'a'])).toBe('\uFFFDa');
  });

  it('keeps a 4-byte character with lead byte 0xF0 cut after three bytes', () => {
    // U+1F600 is F0 9F 98 80.
    expect(decodeChunks([[0xf0, 0x9f, 0x98], 'a'])).toBe('\uFFFDa');
  });

  it('keeps a character whose lead byte came in an earlier chunk', () => {
    expect(decodeChunks([[0xf0, 0x9f], [0x98], 'a'])).toBe('\uFFFDa');
    expect(decodeChunks([[0xf0], [0x9f, 0x98], 'a'])).toBe('\uFFFDa');
  });

  it('keeps the cut bytes across an empty chunk', () => {
    expect(decodeChunks([[0xc3], [], 'a'])).toBe('\uFFFDa');
    expect(decodeChunks([[0xc3], [], [0xa9]])).toBe('é');
  });
});

describe('Utf8ChunkDecoder on chunks that are not Buffers', () => {
  it('decodes an ASCII Uint8Array view at an offset into its own bytes only', () => {
    const bytes = new Uint8Array(Buffer.from('xxhello world!yy'));
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.decode(bytes.subarray(2, 7))).toBe('hello');
    expect(decoder.decode(bytes.subarray(7, 14))).toBe(' world!');
    expect(decoder.end()).toBe('');
  });
});
