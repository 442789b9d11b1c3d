import { afterEach, describe, expect, it, vi } from 'vitest';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

// The fast path (an ASCII chunk copied as latin1, ~10x cheaper than TextDecoder) is taken
// whenever the TextDecoder holds nothing. These tests count TextDecoder.decode calls to check
// that a chunk ending on a whole character does not push the next ASCII chunk to the slow path.
function countTextDecoderCalls() {
  return vi.spyOn(TextDecoder.prototype, 'decode');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Utf8ChunkDecoder fast path', () => {
  it('decodes an all-ASCII body without TextDecoder', () => {
    const calls = countTextDecoderCalls();
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.decode(Buffer.from('data: {"a":1}\n\n'))).toBe('data: {"a":1}\n\n');
    expect(decoder.end()).toBe('');
    expect(calls).not.toHaveBeenCalled();
  });

  const whole: [string, string][] = [
    ['a 2-byte character alone', 'é'],
    ['a 3-byte character alone', '漢'],
    ['a 4-byte character alone', '😀'],
    ['text ending in a 4-byte character', 'ab😀'],
    ['text ending in a 2-byte character', 'abcdé'],
    ['a non-ASCII character then ASCII', 'é!'],
  ];
  for (const [name, text] of whole) {
    it(`takes the fast path for an ASCII chunk after ${name}`, () => {
      const decoder = new Utf8ChunkDecoder();
      expect(decoder.decode(Buffer.from(text))).toBe(text);
      const calls = countTextDecoderCalls();
      expect(decoder.decode(Buffer.from('next'))).toBe('next');
      expect(decoder.end()).toBe('');
      expect(calls).not.toHaveBeenCalled();
    });
  }

  it('takes the fast path again once a chunk completes a cut character and ends on ASCII', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.decode(Buffer.from([0xf0, 0x9f]))).toBe('');
    expect(decoder.decode(Buffer.from([0x98, 0x80, 0x21]))).toBe('😀!');
    const calls = countTextDecoderCalls();
    expect(decoder.decode(Buffer.from('ok'))).toBe('ok');
    expect(calls).not.toHaveBeenCalled();
  });

  it('takes the fast path after end() flushed a cut character', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.decode(Buffer.from([0xc3]))).toBe('');
    expect(decoder.end()).toBe('\uFFFD');
    const calls = countTextDecoderCalls();
    expect(decoder.decode(Buffer.from('ok'))).toBe('ok');
    expect(decoder.end()).toBe('');
    expect(calls).not.toHaveBeenCalled();
  });
});
