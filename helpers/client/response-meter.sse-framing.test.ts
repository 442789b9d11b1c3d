import { describe, expect, it } from 'vitest';
import type { ResponseMeterInit } from './response-meter.js';
import { testMeter } from './testing/test-meter.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const DONE = 'data: [DONE]\n\n';

const meter = (overrides: Partial<ResponseMeterInit> = {}) =>
  testMeter({ keepText: true, ...overrides });

/** The JSON of a chunk whose delta carries `content`, plus `extra` fields. */
function chunkJson(content: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { content } }], ...extra });
}

/** Feeds the texts as chunks 10 ms apart from 1100 after SSE headers at 1010, ends 1 ms later. */
function stream(...texts: string[]) {
  const m = meter();
  m.onHeaders(1010, 200, SSE_HEADERS);
  texts.forEach((text, i) => {
    m.onChunk(1100 + 10 * i, Buffer.from(text));
  });
  m.onEnd(1100 + 10 * texts.length);
  return m.sample();
}

describe('ResponseMeter SSE framing on the fast path', () => {
  it('reads a data line without the space after the colon', () => {
    const sample = stream(`data:${chunkJson('ab')}\n\ndata:${chunkJson('cd')}\n\n${DONE}`);
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.text).toBe('abcd');
    expect(sample.outputEvents).toBe(2);
  });

  it('splits lines at a lone CR, even when a blank LF line comes later in the chunk', () => {
    const sample = stream(`data: ${chunkJson('a')}\r\rdata: ${chunkJson('b')}\n\n${DONE}`);
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.text).toBe('ab');
    expect(sample.outputEvents).toBe(2);
  });

  it('does not read a field whose name is one letter off "data" as data', () => {
    for (const name of ['xata', 'dxta', 'daxa', 'datx', 'datax']) {
      const sample = stream(`${name}: ${chunkJson('a')}\n\n${DONE}`);
      expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'empty-completion' });
      expect(sample.outputEvents).toBe(0);
    }
  });

  it('keeps the event type of a line that came in the previous chunk', () => {
    const sample = stream(
      `data: ${chunkJson('a')}\n\n`,
      'event: error\n',
      `data: ${JSON.stringify({ error: { message: 'overloaded' } })}\n\n`,
    );
    expect(sample.outcome).toEqual({
      kind: 'stream-error',
      error: 'error-event',
      message: 'the server sent event: error: overloaded',
    });
  });

  it('keeps a data line split after its line end as one event of the parser', () => {
    // The first chunk ends mid-event (one LF): the second must not be read as a new event.
    const sample = stream(
      `data: ${chunkJson('a')}\n\n`,
      `data: ${chunkJson('b')}\n`,
      `data: ${chunkJson('c')}\n\n${DONE}`,
    );
    // Two data lines of one event join with a newline: that is not JSON.
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'invalid-json' });
    expect(sample.outputEvents).toBe(1);
  });

  it('ignores events of the learned shape that come after [DONE]', () => {
    const sample = stream(
      `data: ${chunkJson('a')}\n\ndata: ${chunkJson('b')}\n\n${DONE}`,
      `data: ${chunkJson('c')}\n\n`,
    );
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.text).toBe('ab');
    expect(sample.outputEvents).toBe(2);
  });

  it('stamps a last event that lacks its blank line at the end of the body', () => {
    const m = meter();
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1100, Buffer.from(`data: ${chunkJson('a')}\n\n`));
    m.onChunk(1120, Buffer.from(`data: ${chunkJson('b')}`));
    m.onEnd(1150);
    const sample = m.sample();
    expect(sample.outputEvents).toBe(2);
    expect(sample.itlMs).toEqual([50]);
    expect(sample.tags.outcome).toBe('stream-missing-done');
  });

  it('ignores unknown fields and a bad retry value', () => {
    const sample = stream(`retry: soon\nfoo: bar\ndata: ${chunkJson('a')}\n\n${DONE}`);
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.outputEvents).toBe(1);
  });

  it('does not take "error": null in a chunk for an error', () => {
    const sample = stream(`data: ${chunkJson('a', { error: null })}\n\n${DONE}`);
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.text).toBe('a');
  });
});

describe('ResponseMeter state read by the client timer', () => {
  it('moves lastChunkAtMs to the headers, then to every chunk, and the output times to output only', () => {
    const m = meter();
    m.onHeaders(1010, 200, SSE_HEADERS);
    expect(m.headersAtMs).toBe(1010);
    expect(m.lastChunkAtMs).toBe(1010);
    m.onChunk(1020, Buffer.from(': ping\n\n'));
    expect(m.lastChunkAtMs).toBe(1020);
    expect(m.firstOutputAtMs).toBeNull();
    m.onChunk(1030, Buffer.from(`data: ${chunkJson('a')}\n\n`));
    m.onChunk(1040, Buffer.from(`data: ${chunkJson('b')}\n\n`));
    m.onChunk(1050, Buffer.from(': ping\n\n'));
    expect(m.firstOutputAtMs).toBe(1030);
    expect(m.lastOutputAtMs).toBe(1040);
    expect(m.lastChunkAtMs).toBe(1050);
  });

  it('moves lastChunkAtMs with the chunks of a JSON body', () => {
    const m = meter({ stream: false });
    m.onHeaders(1010, 200, { 'content-type': 'application/json' });
    expect(m.lastChunkAtMs).toBe(1010);
    m.onChunk(1025, Buffer.from('{"choices":'));
    expect(m.lastChunkAtMs).toBe(1025);
    expect(m.done).toBe(false);
  });

  it('reads a 200 without a content type to a stream request as JSON', () => {
    const m = meter();
    m.onHeaders(1010, 200, {});
    expect(m.mode).toBe('json');
    m.onChunk(1020, Buffer.from('{"choices":[{"message":{"content":"hi"}}]}'));
    m.onEnd(1030);
    expect(m.sample().outcome).toEqual({ kind: 'ok' });
    expect(m.sample().text).toBe('hi');
  });
});
