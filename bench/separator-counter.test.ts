import { describe, expect, it } from 'vitest';
import { SeparatorCounter } from './separator-counter.js';

const STREAM = 'data: a\n\ndata: b\n\n: ping\n\ndata: [DONE]\n\n';

function count(parts: readonly string[]): SeparatorCounter {
  const counter = new SeparatorCounter();
  for (const part of parts) counter.push(Buffer.from(part));
  return counter;
}

describe('SeparatorCounter', () => {
  it('counts one separator per SSE event and every byte', () => {
    const counter = count([STREAM]);
    expect(counter.separators).toBe(4);
    expect(counter.bytes).toBe(Buffer.byteLength(STREAM));
  });

  it('counts the same whatever byte the stream is cut at', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      expect(count([STREAM.slice(0, cut), STREAM.slice(cut)]).separators).toBe(4);
    }
  });

  it('counts a separator split across three chunks once', () => {
    expect(count(['data: a\n', '\n', 'data: b\n', '\n']).separators).toBe(2);
  });

  it('does not count a line feed that ended a separator twice', () => {
    expect(count(['data: a\n\n', '\ndata: b']).separators).toBe(1);
  });

  it('ignores empty chunks', () => {
    expect(count(['data: a\n', '', '\n']).separators).toBe(1);
  });
});
