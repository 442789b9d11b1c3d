import { describe, expect, it, vi } from 'vitest';
import { DeltaTemplate } from './delta-template.js';
import type { ResponseMeterInit } from './response-meter.js';
import { testMeter } from './testing/test-meter.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const JSON_HEADERS = { 'content-type': 'application/json' };

const meter = testMeter;

/** `data: <json>\n\n` of a chunk whose first choice has `delta`, plus `extra` fields. */
function event(delta: unknown, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta }], ...extra })}\n\n`;
}

/** Feeds `[timeMs, text]` chunks after SSE headers at 1010, then ends at `endAtMs`. */
function stream(
  chunks: readonly (readonly [number, string])[],
  endAtMs: number,
  init: Partial<ResponseMeterInit> = {},
) {
  const m = meter(init);
  m.onHeaders(1010, 200, SSE_HEADERS);
  for (const [atMs, text] of chunks) m.onChunk(atMs, Buffer.from(text));
  m.onEnd(endAtMs);
  return m.sample();
}

/** A non-stream 200 with `body`, headers at 1010, one chunk at 1020, end at `endAtMs`. */
function completion(body: unknown, endAtMs = 1100, init: Partial<ResponseMeterInit> = {}) {
  const m = meter({ stream: false, ...init });
  m.onHeaders(1010, 200, JSON_HEADERS);
  m.onChunk(1020, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));
  m.onEnd(endAtMs);
  return m.sample();
}

describe('ResponseMeter at the response headers', () => {
  it('ignores an interim 1xx: a transport error after it is a connection error with status 0', () => {
    const m = meter();
    m.onHeaders(1005, 103, { link: '</a.css>; rel=preload' });
    m.onError(1020, Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const sample = m.sample();
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'UND_ERR_SOCKET' });
    expect(sample.tags.status).toBe('0');
    expect(sample.ttfbMs).toBeNull();
  });

  it('takes the final headers after a 1xx for TTFB', () => {
    const m = meter();
    m.onHeaders(1005, 100, {});
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1020, Buffer.from(`${event({ content: 'a' })}data: [DONE]\n\n`));
    m.onEnd(1030);
    expect(m.sample().ttfbMs).toBe(10);
    expect(m.sample().outcome).toEqual({ kind: 'ok' });
  });

  it('reads an SSE content type in any case, with parameters, or as the first of a list', () => {
    for (const contentType of [
      'Text/Event-Stream; charset=utf-8',
      ['text/event-stream', 'application/json'],
    ]) {
      const m = meter();
      m.onHeaders(1010, 200, { 'content-type': contentType });
      m.onChunk(1020, Buffer.from(`${event({ content: 'a' })}data: [DONE]\n\n`));
      m.onEnd(1030);
      expect(m.sample().outcome).toEqual({ kind: 'ok' });
      expect(m.sample().ttftMs).toBe(20);
    }
  });

  it('reads an SSE body as JSON when the request did not ask for a stream', () => {
    const m = meter({ stream: false });
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1020, Buffer.from(`${event({ content: 'a' })}data: [DONE]\n\n`));
    m.onEnd(1030);
    expect(m.sample().tags.outcome).toBe('stream-invalid-json');
  });

  it('reads X-Queue-Time trimmed or as the first of a list, and leaves it null when blank or infinite', () => {
    const cases: [string | string[] | undefined, number | null][] = [
      [' 3.5 ', 3.5],
      [['7', '9'], 7],
      ['0', 0],
      ['', null],
      ['   ', null],
      ['Infinity', null],
      [undefined, null],
    ];
    for (const [value, expected] of cases) {
      const m = meter();
      m.onHeaders(1010, 200, { ...SSE_HEADERS, 'x-queue-time': value });
      m.onEnd(1020);
      expect(m.sample().queueMs).toBe(expected);
    }
  });
});

describe('ResponseMeter derived figures', () => {
  it('gives TPOT for exactly two events and two tokens: the gap between them', () => {
    const sample = stream(
      [
        [1100, event({ content: 'a' })],
        [1140, event({ content: 'b' })],
        [1141, 'data: [DONE]\n\n'],
      ],
      1150,
    );
    expect(sample.tpotMs).toBe(40);
    expect(sample.decodeTokensPerSec).toBe(25);
  });

  it('gives no TPOT for one event, even when usage counts several tokens', () => {
    const sample = stream(
      [
        [1100, event({ content: 'abc' })],
        [1140, event({}, { usage: { prompt_tokens: 1, completion_tokens: 5 } })],
        [1141, 'data: [DONE]\n\n'],
      ],
      1150,
    );
    expect(sample.outputEvents).toBe(1);
    expect(sample.outputTokens).toBe(5);
    expect(sample.tpotMs).toBeNull();
    expect(sample.decodeTokensPerSec).toBeNull();
  });

  it('gives no TPOT when usage counts one token over two events', () => {
    const sample = stream(
      [
        [1100, event({ content: 'a' })],
        [1140, event({ content: 'b' }, { usage: { prompt_tokens: 1, completion_tokens: 1 } })],
        [1141, 'data: [DONE]\n\n'],
      ],
      1150,
    );
    expect(sample.outputTokens).toBe(1);
    expect(sample.tpotMs).toBeNull();
  });

  it('gives no decode rate when all events came in one chunk (TPOT 0)', () => {
    const sample = stream(
      [[1100, `${event({ content: 'a' })}${event({ content: 'b' })}data: [DONE]\n\n`]],
      1150,
    );
    expect(sample.tpotMs).toBe(0);
    expect(sample.decodeTokensPerSec).toBeNull();
    expect(sample.stallMs).toBe(0);
  });

  it('keeps the longest gap as the stall, whatever comes after it', () => {
    const sample = stream(
      [
        [1100, event({ content: 'a' })],
        [1190, event({ content: 'b' })],
        [1200, event({ content: 'c' })],
        [1290, event({ content: 'd' })],
        [1291, 'data: [DONE]\n\n'],
      ],
      1300,
    );
    expect(sample.itlMs).toEqual([90, 10, 90]);
    expect(sample.stallMs).toBe(90);
  });

  it('gives no token rate for a request that took 0 ms', () => {
    const sample = completion(
      { choices: [{ message: { content: 'x' } }], usage: { completion_tokens: 4 } },
      1000,
    );
    expect(sample.totalMs).toBe(0);
    expect(sample.outputTokens).toBe(4);
    expect(sample.tokensPerSec).toBeNull();
  });

  it('reads only finite numbers from usage', () => {
    const sample = completion(
      '{"choices":[{"message":{"content":"x"}}],"usage":{"completion_tokens":1e999,"prompt_tokens":"7"}}',
    );
    expect(sample.outputTokens).toBeNull();
    expect(sample.tokenSource).toBeNull();
    expect(sample.inputTokens).toBeNull();
    const prompt = completion(
      '{"choices":[{"message":{"content":"x"}}],"usage":{"completion_tokens":2,"prompt_tokens":1e999}}',
    );
    expect(prompt.outputTokens).toBe(2);
    expect(prompt.inputTokens).toBeNull();
  });

  it('keeps the first response id of a stream', () => {
    const sample = stream(
      [
        [1100, `data: ${JSON.stringify({ id: 7, choices: [{ delta: { content: 'a' } }] })}\n\n`],
        [
          1110,
          `data: ${JSON.stringify({ id: 'first', choices: [{ delta: { content: 'b' } }] })}\n\n`,
        ],
        [
          1120,
          `data: ${JSON.stringify({ id: 'second', choices: [{ delta: { content: 'c' } }] })}\n\n`,
        ],
        [1121, 'data: [DONE]\n\n'],
      ],
      1130,
    );
    expect(sample.responseId).toBe('first');
  });
});

describe('ResponseMeter reading choices', () => {
  it('finds output in any choice and skips choices that are null or carry no object', () => {
    const sample = completion(
      {
        choices: [
          null,
          { message: 'text' },
          { message: { content: '' } },
          { message: { content: 'yes' } },
        ],
      },
      1100,
      { keepText: true },
    );
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.text).toBe('yes');
    expect(sample.ttfcMs).toBe(100);
  });

  it('does not count empty reasoning, an empty tool-call list or choices that are not a list', () => {
    for (const body of [
      { choices: [{ message: { reasoning_content: '', reasoning: '', tool_calls: [] } }] },
      { choices: { 0: { message: { content: 'x' } } } },
      { choices: [{ message: { content: 5 } }] },
    ]) {
      expect(completion(body).tags.outcome).toBe('stream-empty-completion');
    }
  });

  it('does not count a null message or content that is not a string', () => {
    for (const body of [
      { choices: [{ message: null }] },
      { choices: [{ message: { content: ['x'] } }] },
    ]) {
      expect(completion(body).tags.outcome).toBe('stream-empty-completion');
    }
  });

  it('reads a chunk with "usage": null as OpenAI sends on every chunk', () => {
    const sample = stream(
      [
        [1100, event({ content: 'a' }, { usage: null })],
        [1110, event({}, { usage: { prompt_tokens: 2, completion_tokens: 1 } })],
        [1111, 'data: [DONE]\n\n'],
      ],
      1120,
    );
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.outputTokens).toBe(1);
    expect(sample.inputTokens).toBe(2);
  });

  it('counts reasoning or tool calls of a completion as output, but not as content', () => {
    for (const message of [
      { reasoning_content: 'r' },
      { reasoning: 'r' },
      { tool_calls: [{ id: 't' }] },
    ]) {
      const sample = completion({ choices: [{ message }] });
      expect(sample.outcome).toEqual({ kind: 'ok' });
      expect(sample.ttftMs).toBe(100);
      expect(sample.ttfcMs).toBeNull();
    }
  });

  it('keeps the content text of a completion when asked', () => {
    const sample = completion({ choices: [{ message: { content: 'Hi there' } }] }, 1100, {
      keepText: true,
    });
    expect(sample.text).toBe('Hi there');
  });

  it('fails a JSON body one byte over maxBufferedBytes and reads one of exactly that size', () => {
    const body = JSON.stringify({ choices: [{ message: { content: 'x' } }] });
    const exact = completion(body, 1100, { maxBufferedBytes: body.length });
    expect(exact.outcome).toEqual({ kind: 'ok' });
    const over = completion(body, 1100, { maxBufferedBytes: body.length - 1 });
    expect(over.outcome).toEqual({
      kind: 'stream-error',
      error: 'too-large',
      message: `the JSON body exceeded maxBufferedBytes (${body.length - 1}); raise maxBufferedBytes if the server really sends bodies this large`,
    });
    expect(over.totalMs).toBe(20);
  });
});

describe("ResponseMeter: a stream whose first token fits another stream's template", () => {
  const role = (id: string) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }], t: 'adopted' })}\n\n`;
  const token = (id: string, content: string) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }], t: 'adopted' })}\n\n`;
  const run = (id: string, fastPath: boolean) =>
    stream(
      [
        [1050, role(id)],
        [1100, token(id, 'Hello')],
        [1120, token(id, '')],
        [1140, token(id, ' world')],
        [1141, 'data: [DONE]\n\n'],
      ],
      1150,
      { fastPath, keepText: true },
    );

  it('measures what full JSON parsing measures, text included', () => {
    run('chatcmpl-first', true);
    const adopt = vi.spyOn(DeltaTemplate.prototype, 'adopt');
    try {
      for (const id of ['chatcmpl-second', 'chatcmpl-3']) {
        const fast = run(id, true);
        expect(fast).toEqual(run(id, false));
        expect(fast.outputEvents).toBe(2);
        expect(fast.responseId).toBe(id);
      }
      // Both later streams took their template from the first one's shape.
      expect(adopt.mock.results.filter((r) => r.value === 5)).toHaveLength(2);
    } finally {
      adopt.mockRestore();
    }
  });
});
