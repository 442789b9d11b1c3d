import { describe, expect, it } from 'vitest';
import { ResponseMeter, type ResponseMeterInit } from './response-meter.js';
import { createHeaderRedactor } from './secret-redactor.js';
import {
  completionBody,
  contentChunk,
  deltaChunk,
  roleChunk,
  SSE_DONE,
  sseData,
  sseStream,
  usageChunk,
} from './testing/sse-fixtures.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const JSON_HEADERS = { 'content-type': 'application/json' };

function meter(overrides: Partial<ResponseMeterInit> = {}): ResponseMeter {
  return new ResponseMeter({
    t0Ms: 1000,
    startEpochMs: 1_700_000_000_000,
    scenario: 'chat_stream',
    prompt: 'short',
    model: 'm',
    stream: true,
    keepText: false,
    maxBufferedBytes: 1024 * 1024,
    redact: (text) => text,
    ...overrides,
  });
}

/** Feeds `[timeMs, text]` chunks after SSE headers at `headersAtMs`, then ends at `endAtMs`. */
function runStream(
  chunks: readonly (readonly [number, string | Uint8Array])[],
  options: { headersAtMs?: number; endAtMs?: number; init?: Partial<ResponseMeterInit> } = {},
) {
  const m = meter(options.init);
  m.onHeaders(options.headersAtMs ?? 1010, 200, SSE_HEADERS);
  for (const [atMs, text] of chunks) {
    m.onChunk(atMs, typeof text === 'string' ? Buffer.from(text) : text);
  }
  const lastAt = chunks.at(-1)?.[0] ?? 1010;
  m.onEnd(options.endAtMs ?? lastAt + 1);
  return m.sample();
}

describe('ResponseMeter on SSE streams', () => {
  it('stamps an event split across chunks with the arrival of the chunk that completed it', () => {
    const event = sseData(contentChunk('hello'));
    const sample = runStream([
      [1020, event.slice(0, 10)],
      [1050, event.slice(10)],
      [1060, SSE_DONE],
    ]);
    expect(sample.ttftMs).toBe(50);
    expect(sample.outcome).toEqual({ kind: 'ok' });
  });

  it('gives events that arrive in one chunk the same time and zero gaps', () => {
    const text =
      sseData(contentChunk('a')) + sseData(contentChunk('b')) + sseData(contentChunk('c'));
    const sample = runStream([
      [1100, text],
      [1200, SSE_DONE],
    ]);
    expect(sample.outputEvents).toBe(3);
    expect(sample.itlMs).toEqual([0, 0]);
    expect(sample.ttftMs).toBe(100);
  });

  it('does not take a role-only chunk or an empty delta for the first token', () => {
    const sample = runStream([
      [1001, sseData(roleChunk())],
      [1050, sseData(contentChunk(''))],
      [1151, sseData(contentChunk('x'))],
      [1152, SSE_DONE],
    ]);
    expect(sample.ttfbMs).toBe(10);
    expect(sample.ttftMs).toBe(151);
    expect(sample.outputEvents).toBe(1);
  });

  it('measures the gaps between output events as ITL and the longest as the stall', () => {
    const sample = runStream([
      [1100, sseData(contentChunk('a'))],
      [1120, sseData(contentChunk('b'))],
      [1200, sseData(contentChunk('c'))],
      [1210, sseData(contentChunk('d'))],
      [1211, SSE_DONE],
    ]);
    expect(sample.itlMs).toEqual([20, 80, 10]);
    expect(sample.stallMs).toBe(80);
    expect(sample.tpotMs).toBeCloseTo(110 / 3, 10);
    expect(sample.decodeTokensPerSec).toBeCloseTo(3000 / 110, 10);
  });

  it('parses CRLF line endings', () => {
    const text = `data: ${JSON.stringify(contentChunk('a'))}\r\n\r\ndata: [DONE]\r\n\r\n`;
    const sample = runStream([[1100, text]]);
    expect(sample.outputEvents).toBe(1);
    expect(sample.outcome.kind).toBe('ok');
  });

  it('joins a multi-line data field before parsing it', () => {
    const json = JSON.stringify(contentChunk('a'), null, 1).split('\n');
    const text = `${json.map((line) => `data: ${line}`).join('\n')}\n\n${SSE_DONE}`;
    const sample = runStream([[1100, text]]);
    expect(sample.outputEvents).toBe(1);
    expect(sample.outcome.kind).toBe('ok');
  });

  it('ignores comments and keep-alive lines', () => {
    const sample = runStream([
      [1050, ': keep-alive\n\n'],
      [1060, ':\n\n'],
      [1100, `: ping\n${sseData(contentChunk('a'))}`],
      [1101, SSE_DONE],
    ]);
    expect(sample.ttftMs).toBe(100);
    expect(sample.outcome.kind).toBe('ok');
  });

  it('reports a data line that is not JSON as stream-invalid-json and keeps counting', () => {
    const sample = runStream([
      [1100, sseData(contentChunk('a'))],
      [1110, 'data: {not json\n\n'],
      [1120, sseData(contentChunk('b'))],
      [1130, SSE_DONE],
    ]);
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'invalid-json' });
    expect(sample.tags.outcome).toBe('stream-invalid-json');
    expect(sample.outputEvents).toBe(2);
  });

  it('reports event: error as stream-error-event with the server message', () => {
    const sample = runStream([
      [1100, sseData(contentChunk('a'))],
      [1110, 'event: error\ndata: {"error":{"message":"overloaded"}}\n\n'],
    ]);
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'error-event' });
    expect((sample.outcome as { message: string }).message).toContain('overloaded');
  });

  it('reports an error object in a data line as stream-error-event', () => {
    const sample = runStream([[1100, sseData({ error: { message: 'context too long' } })]]);
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'error-event' });
    expect((sample.outcome as { message: string }).message).toContain('context too long');
  });

  it('reports a stream that ends without [DONE] as stream-missing-done', () => {
    const sample = runStream([[1100, sseData(contentChunk('a'))]]);
    expect(sample.tags.outcome).toBe('stream-missing-done');
    expect(sample.outputEvents).toBe(1);
  });

  it('accepts a last [DONE] that lacks its blank line', () => {
    const sample = runStream([[1100, `${sseData(contentChunk('a'))}data: [DONE]`]]);
    expect(sample.outcome.kind).toBe('ok');
  });

  it('reports a stream with no output as stream-empty-completion', () => {
    const sample = runStream([[1100, sseData(roleChunk()) + SSE_DONE]]);
    expect(sample.tags.outcome).toBe('stream-empty-completion');
    expect(sample.outputTokens).toBe(0);
  });

  it('ignores events after [DONE]', () => {
    const sample = runStream([
      [1100, sseData(contentChunk('a')) + SSE_DONE + sseData(contentChunk('b'))],
    ]);
    expect(sample.outputEvents).toBe(1);
    expect(sample.outcome.kind).toBe('ok');
  });

  it('reads usage from the chunk that carries finish_reason (llama.cpp)', () => {
    const usage = { prompt_tokens: 7, completion_tokens: 3 };
    const text =
      sseData(contentChunk('a')) +
      sseData(contentChunk('b')) +
      sseData(deltaChunk({ content: 'c' }, { finish: 'stop', usage })) +
      SSE_DONE;
    const sample = runStream([[1100, text]]);
    expect(sample.outputTokens).toBe(3);
    expect(sample.inputTokens).toBe(7);
    expect(sample.tokenSource).toBe('usage');
  });

  it('reads usage from a trailing chunk with empty choices (OpenAI, vLLM)', () => {
    const text = sseStream(['a', 'b'], { usage: { prompt_tokens: 5, completion_tokens: 2 } });
    const sample = runStream([[1100, text]]);
    expect(sample.outputTokens).toBe(2);
    expect(sample.inputTokens).toBe(5);
    expect(sample.tokenSource).toBe('usage');
  });

  it('counts output events when no usage came, and marks the source as events', () => {
    const sample = runStream([
      [1100, sseData(contentChunk('a'))],
      [1200, sseData(contentChunk('b'))],
      [1300, sseData(contentChunk('c')) + SSE_DONE],
    ]);
    expect(sample.outputTokens).toBe(3);
    expect(sample.tokenSource).toBe('events');
    expect(sample.totalMs).toBe(301);
    expect(sample.tokensPerSec).toBeCloseTo(3 / 0.301, 10);
  });

  it('uses usage tokens for TPOT when one event carries several tokens', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 9 };
    const sample = runStream([
      [1100, sseData(contentChunk('abc'))],
      [1180, sseData(contentChunk('def'))],
      [1190, sseData(usageChunk(usage)) + SSE_DONE],
    ]);
    expect(sample.outputEvents).toBe(2);
    expect(sample.outputTokens).toBe(9);
    expect(sample.tpotMs).toBe(10);
  });

  it('counts reasoning for TTFT but only content for TTFC', () => {
    const sample = runStream([
      [1100, sseData(deltaChunk({ reasoning_content: 'hmm' }))],
      [1200, sseData(deltaChunk({ reasoning: 'so' }))],
      [1300, sseData(contentChunk('answer'))],
      [1301, SSE_DONE],
    ]);
    expect(sample.ttftMs).toBe(100);
    expect(sample.ttfcMs).toBe(300);
    expect(sample.outputEvents).toBe(3);
  });

  it('counts tool-call deltas as output', () => {
    const call = [{ index: 0, function: { arguments: '{"a":' } }];
    const sample = runStream([
      [1100, sseData(deltaChunk({ tool_calls: call }))],
      [1101, SSE_DONE],
    ]);
    expect(sample.ttftMs).toBe(100);
    expect(sample.ttfcMs).toBeNull();
    expect(sample.outcome.kind).toBe('ok');
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from(sseData(contentChunk('é漢')) + SSE_DONE);
    const splitAt = bytes.indexOf(Buffer.from('漢')) + 1;
    const sample = runStream(
      [
        [1100, bytes.subarray(0, splitAt)],
        [1110, bytes.subarray(splitAt)],
      ],
      { init: { keepText: true } },
    );
    expect(sample.text).toBe('é漢');
  });

  it('skips a UTF-8 byte-order mark at the start of the body', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const sample = runStream([[1100, Buffer.concat([bom, Buffer.from(sseStream(['a']))])]]);
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.outputEvents).toBe(1);
  });

  it('keeps no text unless asked', () => {
    const sample = runStream([[1100, sseStream(['a'])]]);
    expect(sample.text).toBeUndefined();
  });

  it('fails an event larger than maxBufferedBytes as stream-too-large', () => {
    const m = meter({ maxBufferedBytes: 2048 });
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1100, Buffer.from(`data: "${'x'.repeat(1500)}`));
    expect(m.done).toBe(false);
    m.onChunk(1200, Buffer.from('x'.repeat(1500)));
    expect(m.done).toBe(true);
    expect(m.sample().tags.outcome).toBe('stream-too-large');
  });

  it('reads the X-Queue-Time header as queueMs', () => {
    const m = meter();
    m.onHeaders(1010, 200, { ...SSE_HEADERS, 'x-queue-time': '12.5' });
    m.onEnd(1020);
    expect(m.sample().queueMs).toBe(12.5);
  });

  it('leaves queueMs null when X-Queue-Time is not numeric', () => {
    const m = meter();
    m.onHeaders(1010, 200, { ...SSE_HEADERS, 'x-queue-time': 'soon' });
    m.onEnd(1020);
    expect(m.sample().queueMs).toBeNull();
  });

  it('treats a connection drop after [DONE] as a whole completion', () => {
    const m = meter();
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1100, Buffer.from(sseStream(['a'])));
    m.onError(1110, Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    expect(m.sample().outcome.kind).toBe('ok');
  });

  it('reports a connection drop before [DONE] as stream-cut and keeps the timings reached', () => {
    const m = meter();
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1100, Buffer.from(sseData(contentChunk('a'))));
    m.onError(1150, Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const sample = m.sample();
    expect(sample.tags.outcome).toBe('stream-cut');
    expect(sample.ttftMs).toBe(100);
    expect(sample.totalMs).toBe(150);
    expect(sample.receivingMs).toBe(140);
  });
});

describe('ResponseMeter on JSON bodies', () => {
  function runJson(
    body: string,
    init: Partial<ResponseMeterInit> = {},
    status = 200,
    headers: Record<string, string> = JSON_HEADERS,
  ) {
    const m = meter({ stream: false, scenario: 'chat_nonstream', ...init });
    m.onHeaders(1200, status, headers);
    const bytes = Buffer.from(body);
    m.onChunk(1201, bytes.subarray(0, 5));
    m.onChunk(1230, bytes.subarray(5));
    m.onEnd(1231);
    return m.sample();
  }

  it('sets TTFT and TTFC to the total time of a non-stream completion', () => {
    const sample = runJson(
      JSON.stringify(completionBody('hi', { prompt_tokens: 4, completion_tokens: 20 })),
    );
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.ttfbMs).toBe(200);
    expect(sample.totalMs).toBe(231);
    expect(sample.ttftMs).toBe(231);
    expect(sample.ttfcMs).toBe(231);
    expect(sample.outputTokens).toBe(20);
    expect(sample.tokensPerSec).toBeCloseTo(20 / 0.231, 10);
    expect(sample.tpotMs).toBeNull();
    expect(sample.itlMs).toEqual([]);
    expect(sample.responseId).toBe('chatcmpl-test');
  });

  it('leaves output tokens null for a non-stream completion without usage', () => {
    const sample = runJson(JSON.stringify(completionBody('hi')));
    expect(sample.outputTokens).toBeNull();
    expect(sample.tokenSource).toBeNull();
    expect(sample.tokensPerSec).toBeNull();
  });

  it('reads a 2xx JSON answer to a stream request as a completion', () => {
    const sample = runJson(
      JSON.stringify(completionBody('hi', { prompt_tokens: 1, completion_tokens: 2 })),
      { stream: true },
    );
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.tags.stream).toBe('true');
    expect(sample.outputTokens).toBe(2);
  });

  it('reads an SSE request answered with a non-SSE content type as JSON, and fails bad JSON', () => {
    const sample = runJson(sseStream(['a']), { stream: true }, 200, {
      'content-type': 'text/plain',
    });
    expect(sample.tags.outcome).toBe('stream-invalid-json');
  });

  it('reports a completion with empty content as stream-empty-completion', () => {
    const sample = runJson(JSON.stringify(completionBody('')));
    expect(sample.tags.outcome).toBe('stream-empty-completion');
  });

  it('reports a 204 or 205 as stream-empty-completion, stream or not, whatever its content type', () => {
    for (const [status, stream, headers] of [
      [204, true, SSE_HEADERS],
      [204, true, {}],
      [204, false, JSON_HEADERS],
      [205, true, SSE_HEADERS],
    ] as const) {
      const m = meter({ stream });
      m.onHeaders(1010, status, headers);
      m.onEnd(1011);
      expect(m.sample().outcome).toEqual({
        kind: 'stream-error',
        error: 'empty-completion',
        message: `HTTP ${status} has no body: the server sent no completion`,
      });
      expect(m.sample().tags.status).toBe(String(status));
    }
  });

  it('reports a 500 JSON error with its message, also for stream requests', () => {
    const sample = runJson(
      JSON.stringify({ error: { message: 'messages is required', code: 500 } }),
      { stream: true },
      500,
    );
    expect(sample.outcome).toEqual({
      kind: 'http-error',
      status: 500,
      message: 'messages is required',
    });
    expect(sample.tags.status).toBe('500');
    expect(sample.ttftMs).toBeNull();
    expect(sample.outputTokens).toBeNull();
  });

  it('cuts a long plain-text error body to 200 characters', () => {
    const sample = runJson('E'.repeat(5000), {}, 503, { 'content-type': 'text/plain' });
    const message = (sample.outcome as { message: string }).message;
    expect(message).toBe(`${'E'.repeat(200)}…`);
  });

  it('fails a JSON body larger than maxBufferedBytes as stream-too-large at once', () => {
    const m = meter({ stream: false, maxBufferedBytes: 1024 });
    m.onHeaders(1200, 200, JSON_HEADERS);
    m.onChunk(1201, Buffer.alloc(1000, 32));
    m.onChunk(1202, Buffer.alloc(1000, 32));
    expect(m.done).toBe(true);
    expect(m.sample().tags.outcome).toBe('stream-too-large');
  });

  it('redacts secrets from error messages', () => {
    const redact = createHeaderRedactor({ authorization: 'Bearer sk-secret-123456' });
    const sample = runJson(
      JSON.stringify({ error: { message: 'invalid key sk-secret-123456' } }),
      { redact },
      401,
    );
    expect(JSON.stringify(sample)).not.toContain('sk-secret-123456');
    expect((sample.outcome as { message: string }).message).toBe('invalid key [redacted]');
  });
});

describe('ResponseMeter on transport errors', () => {
  it('maps undici timeout codes to timeout phases', () => {
    const cases = [
      ['UND_ERR_CONNECT_TIMEOUT', 'timeout-connect'],
      ['UND_ERR_HEADERS_TIMEOUT', 'timeout-headers'],
    ] as const;
    for (const [code, outcome] of cases) {
      const m = meter();
      m.onError(1500, Object.assign(new Error('t'), { code }));
      expect(m.sample().tags.outcome).toBe(outcome);
      expect(m.sample().totalMs).toBe(500);
      expect(m.sample().ttfbMs).toBeNull();
    }
  });

  it('reports a system error before headers as connection-error with its code', () => {
    const m = meter();
    m.onError(
      1001,
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    );
    expect(m.sample().outcome).toEqual({
      kind: 'connection-error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(m.sample().tags.status).toBe('0');
  });

  it('takes the code of the first error of an AggregateError', () => {
    const m = meter();
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' });
    m.onError(1001, new AggregateError([inner], ''));
    expect(m.sample().outcome).toMatchObject({ kind: 'connection-error', code: 'ECONNREFUSED' });
  });

  it('reports a stream ended by a reset before [DONE] as stream-cut, not stream-missing-done', () => {
    const m = meter();
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.onChunk(1100, Buffer.from(sseData(contentChunk('a'))));
    m.onEndByError(1150, Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const sample = m.sample();
    expect(sample.outcome).toEqual({
      kind: 'stream-error',
      error: 'cut',
      message: 'the connection dropped mid-body (ECONNRESET: read ECONNRESET)',
    });
    expect(sample.ttftMs).toBe(100);
    expect(sample.totalMs).toBe(150);
  });

  it('reads a JSON body ended by a reset as a completion when it parses, else as stream-cut', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const body = JSON.stringify(completionBody('Hi'));
    const whole = meter({ stream: false });
    whole.onHeaders(1010, 200, JSON_HEADERS);
    whole.onChunk(1020, Buffer.from(body));
    whole.onEndByError(1030, reset);
    expect(whole.sample().outcome).toEqual({ kind: 'ok' });
    const half = meter({ stream: false });
    half.onHeaders(1010, 200, JSON_HEADERS);
    half.onChunk(1020, Buffer.from(body.slice(0, 10)));
    half.onEndByError(1030, reset);
    expect(half.sample().outcome).toMatchObject({ kind: 'stream-error', error: 'cut' });
  });

  it('explains the bad response undici gives for an unsolicited 100 Continue', () => {
    const m = meter();
    m.onError(1010, Object.assign(new Error('bad response'), { code: 'UND_ERR_SOCKET' }));
    expect(m.sample().outcome).toMatchObject({ kind: 'connection-error', code: 'UND_ERR_SOCKET' });
    expect((m.sample().outcome as { message: string }).message).toMatch(
      /^bad response: the server sent an interim 100 Continue/,
    );
  });

  it('ignores transport events after the outcome is decided', () => {
    const m = meter();
    m.onHeaders(1010, 200, SSE_HEADERS);
    m.fail(1050, { kind: 'timeout', phase: 'first-token' });
    m.onChunk(1060, Buffer.from(sseStream(['a'])));
    m.onEnd(1070);
    expect(m.sample().tags.outcome).toBe('timeout-first-token');
    expect(m.sample().totalMs).toBe(50);
    expect(m.sample().outputEvents).toBe(0);
  });
});
