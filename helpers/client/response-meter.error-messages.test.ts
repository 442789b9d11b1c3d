import { describe, expect, it } from 'vitest';
import { ERROR_BODY_BYTES, errorCode, errorMessage, serverErrorMessage } from './response-meter.js';
import { createHeaderRedactor } from './secret-redactor.js';
import { testMeter } from './testing/test-meter.js';

const meter = testMeter;

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The outcome of an SSE stream made of `text`, ended cleanly. */
function sseOutcome(text: string) {
  const m = meter();
  m.onHeaders(1010, 200, { 'content-type': 'text/event-stream' });
  m.onChunk(1020, Buffer.from(text));
  m.onEnd(1030);
  return m.sample().outcome;
}

/** The outcome of a non-stream 200 whose body is `text`. */
function jsonOutcome(text: string) {
  const m = meter({ stream: false });
  m.onHeaders(1010, 200, { 'content-type': 'application/json' });
  m.onChunk(1020, Buffer.from(text));
  m.onEnd(1030);
  return m.sample().outcome;
}

describe('serverErrorMessage', () => {
  it('takes error.message first, then error, message and detail, in that order', () => {
    expect(serverErrorMessage('{"error":{"message":"a"},"message":"b"}')).toBe('a');
    expect(serverErrorMessage('{"error":"e","message":"b"}')).toBe('e');
    expect(serverErrorMessage('{"message":"b","detail":"c"}')).toBe('b');
    expect(serverErrorMessage('{"detail":"c"}')).toBe('c');
  });

  it('falls back to the JSON text when no field holds a message', () => {
    expect(serverErrorMessage('{"error":{"code":1}}')).toBe('{"error":{"code":1}}');
    expect(serverErrorMessage('{"error":null,"code":5}')).toBe('{"error":null,"code":5}');
  });

  it('returns trimmed raw text when the body is not a JSON object', () => {
    expect(serverErrorMessage('  upstream timed out \n')).toBe('upstream timed out');
    expect(serverErrorMessage(' {not json ')).toBe('{not json');
    expect(serverErrorMessage('')).toBe('');
  });
});

describe('errorCode', () => {
  it('reads the code, else the first inner error, else a non-generic name, else UNKNOWN', () => {
    expect(errorCode(withCode('x', 'ECONNRESET'))).toBe('ECONNRESET');
    expect(errorCode(Object.assign(new TypeError('x'), { code: '' }))).toBe('TypeError');
    expect(errorCode(new AggregateError([withCode('x', 'EHOSTUNREACH')], ''))).toBe('EHOSTUNREACH');
    expect(errorCode(new AggregateError([], ''))).toBe('AggregateError');
    expect(errorCode(new Error('x'))).toBe('UNKNOWN');
    expect(errorCode('ECONNRESET')).toBe('UNKNOWN');
    expect(errorCode(null)).toBe('UNKNOWN');
    expect(errorCode({})).toBe('UNKNOWN');
  });
});

describe('errorMessage', () => {
  it("reads the message, else the first inner error's, else the name; String() for non-errors", () => {
    expect(errorMessage(new Error('socket hang up'))).toBe('socket hang up');
    expect(errorMessage(new AggregateError([new Error('connect ETIMEDOUT')], ''))).toBe(
      'connect ETIMEDOUT',
    );
    expect(errorMessage(new AggregateError(['not an error'], ''))).toBe('AggregateError');
    expect(errorMessage(new TypeError(''))).toBe('TypeError');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('ResponseMeter messages for HTTP errors', () => {
  it('keeps only the first 4096 bytes of an error body: a longer JSON body is quoted raw', () => {
    const m = meter();
    m.onHeaders(1010, 500, { 'content-type': 'application/json' });
    const body = JSON.stringify({ error: { message: 'short' }, pad: 'p'.repeat(ERROR_BODY_BYTES) });
    m.onChunk(1020, Buffer.from(body.slice(0, 100)));
    m.onChunk(1030, Buffer.from(body.slice(100)));
    m.onEnd(1040);
    expect(m.sample().outcome).toEqual({
      kind: 'http-error',
      status: 500,
      message: `{"error":{"message":"short"},"pad":"${'p'.repeat(164)}…`,
    });
  });

  it('reads a JSON error body of exactly 4096 bytes whole', () => {
    const m = meter();
    m.onHeaders(1010, 500, { 'content-type': 'application/json' });
    const head = '{"error":{"message":"whole"},"pad":"';
    const body = `${head}${'p'.repeat(ERROR_BODY_BYTES - head.length - 2)}"}`;
    expect(Buffer.byteLength(body)).toBe(4096);
    m.onChunk(1020, Buffer.from(body.slice(0, 4000)));
    m.onChunk(1030, Buffer.from(body.slice(4000)));
    m.onEnd(1040);
    expect(m.sample().outcome).toMatchObject({ message: 'whole' });
  });

  it('drops every byte past the first 4096 of an error body, also from later chunks', () => {
    // Kept bytes alone are not JSON; with 10 more bytes of the last chunk they would be.
    const head = '{"error":{"message":"late"},"pad":"';
    const m = meter();
    m.onHeaders(1010, 500, { 'content-type': 'application/json' });
    m.onChunk(1020, Buffer.from(head + 'p'.repeat(ERROR_BODY_BYTES - head.length)));
    m.onChunk(1030, Buffer.from('p'.repeat(10)));
    m.onChunk(1040, Buffer.from(`"}${' '.repeat(28)}`));
    m.onEnd(1050);
    expect(m.sample().outcome).toEqual({
      kind: 'http-error',
      status: 500,
      message: `${head}${'p'.repeat(200 - head.length)}…`,
    });
  });

  it('names the status when the error body is empty', () => {
    const m = meter();
    m.onHeaders(1010, 502, {});
    m.onEnd(1020);
    expect(m.sample().outcome).toEqual({
      kind: 'http-error',
      status: 502,
      message: 'HTTP 502 with an empty body',
    });
  });

  it('reads a 3xx as an HTTP error and a 299 as a completion', () => {
    const redirect = meter({ stream: false });
    redirect.onHeaders(1010, 300, { 'content-type': 'application/json' });
    redirect.onChunk(1020, Buffer.from('{"choices":[{"message":{"content":"x"}}]}'));
    redirect.onEnd(1030);
    expect(redirect.sample().tags.outcome).toBe('http-error');
    const odd = meter({ stream: false });
    odd.onHeaders(1010, 299, { 'content-type': 'application/json' });
    odd.onChunk(1020, Buffer.from('{"choices":[{"message":{"content":"x"}}]}'));
    odd.onEnd(1030);
    expect(odd.sample().tags.outcome).toBe('ok');
  });

  it('reports an error body cut by the connection as the HTTP error it began', () => {
    for (const end of ['error', 'endByError'] as const) {
      const m = meter();
      m.onHeaders(1010, 503, { 'content-type': 'application/json' });
      m.onChunk(1020, Buffer.from('{"error":{"message":"busy"}}'));
      const reset = withCode('read ECONNRESET', 'ECONNRESET');
      if (end === 'error') m.onError(1030, reset);
      else m.onEndByError(1030, reset);
      expect(m.sample().outcome).toEqual({ kind: 'http-error', status: 503, message: 'busy' });
      expect(m.sample().totalMs).toBe(30);
    }
  });
});

describe('ResponseMeter messages for bodies that are not completions', () => {
  it('quotes a non-JSON body, cut to 80 characters', () => {
    expect(jsonOutcome(`<html>${'x'.repeat(100)}</html>`)).toEqual({
      kind: 'stream-error',
      error: 'invalid-json',
      message: `the body is not JSON: "<html>${'x'.repeat(74)}…"`,
    });
  });

  it('names a JSON body that is an array, null or a number as not an object', () => {
    for (const body of ['[1,2]', 'null', '7']) {
      expect(jsonOutcome(body)).toEqual({
        kind: 'stream-error',
        error: 'invalid-json',
        message: `the body is not a JSON object: "${body}"`,
      });
    }
  });

  it('quotes an SSE data line that is not JSON, or is JSON but not an object', () => {
    expect(sseOutcome('data: {oops\n\n')).toEqual({
      kind: 'stream-error',
      error: 'invalid-json',
      message: 'an SSE data line is not JSON: "{oops"',
    });
    for (const data of ['[1]', 'null', '3']) {
      expect(sseOutcome(`data: ${data}\n\n`)).toEqual({
        kind: 'stream-error',
        error: 'invalid-json',
        message: `an SSE data line is not a JSON object: "${data}"`,
      });
    }
  });

  it('quotes an error event whose data is plain text as it came', () => {
    expect(sseOutcome('event: error\ndata: upstream down\n\n')).toEqual({
      kind: 'stream-error',
      error: 'error-event',
      message: 'the server sent event: error: upstream down',
    });
  });

  it('quotes the error object of a data line with its message field', () => {
    expect(sseOutcome('data: {"error":{"message":"context too long"}}\n\n')).toEqual({
      kind: 'stream-error',
      error: 'error-event',
      message: 'the server sent an error object: context too long',
    });
  });

  it('reports the first problem of a stream, not a later one', () => {
    expect(
      sseOutcome('data: {oops\n\nevent: error\ndata: later\n\ndata: [DONE]\n\n'),
    ).toMatchObject({ error: 'invalid-json', message: 'an SSE data line is not JSON: "{oops"' });
  });
});

describe('ResponseMeter on transport errors, every mapping', () => {
  it('maps a body timeout to first-token before any output and to idle after it', () => {
    const timeout = withCode('Body Timeout Error', 'UND_ERR_BODY_TIMEOUT');
    const waiting = meter();
    waiting.onHeaders(1010, 200, { 'content-type': 'text/event-stream' });
    waiting.onChunk(1020, Buffer.from('data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n'));
    waiting.onError(1500, timeout);
    expect(waiting.sample().outcome).toEqual({ kind: 'timeout', phase: 'first-token' });
    const streaming = meter();
    streaming.onHeaders(1010, 200, { 'content-type': 'text/event-stream' });
    streaming.onChunk(1020, Buffer.from('data: {"choices":[{"delta":{"content":"a"}}]}\n\n'));
    streaming.onError(1500, timeout);
    expect(streaming.sample().outcome).toEqual({ kind: 'timeout', phase: 'idle' });
    const json = meter({ stream: false });
    json.onHeaders(1010, 200, { 'content-type': 'application/json' });
    json.onError(1500, timeout);
    expect(json.sample().outcome).toEqual({ kind: 'timeout', phase: 'idle' });
  });

  it('explains the bad upgrade undici gives for a 101, and leaves other socket messages as they are', () => {
    const upgrade = meter();
    upgrade.onError(1010, withCode('bad upgrade', 'UND_ERR_SOCKET'));
    expect(upgrade.sample().outcome).toEqual({
      kind: 'connection-error',
      code: 'UND_ERR_SOCKET',
      message:
        'bad upgrade: the server switched protocols (101) on a request that asked for no upgrade; the connection was closed',
    });
    const closed = meter();
    closed.onError(1010, withCode('other side closed', 'UND_ERR_SOCKET'));
    expect(closed.sample().outcome).toEqual({
      kind: 'connection-error',
      code: 'UND_ERR_SOCKET',
      message: 'other side closed',
    });
    const otherCode = meter();
    otherCode.onError(1010, withCode('bad response', 'ECONNRESET'));
    expect(otherCode.sample().outcome).toEqual({
      kind: 'connection-error',
      code: 'ECONNRESET',
      message: 'bad response',
    });
  });

  it('reports a response that ended before any headers as ERR_NO_RESPONSE', () => {
    for (const end of ['end', 'endByError'] as const) {
      const m = meter();
      if (end === 'end') m.onEnd(1200);
      else m.onEndByError(1200, withCode('read ECONNRESET', 'ECONNRESET'));
      expect(m.sample().outcome).toEqual({
        kind: 'connection-error',
        code: 'ERR_NO_RESPONSE',
        message: 'the request ended without a response',
      });
      expect(m.sample().totalMs).toBe(200);
    }
  });

  it('names the code and message of the reset that cut a JSON body', () => {
    const m = meter({ stream: false });
    m.onHeaders(1010, 200, { 'content-type': 'application/json' });
    m.onChunk(1020, Buffer.from('{"choices":'));
    m.onEndByError(1030, withCode('read ECONNRESET', 'ECONNRESET'));
    expect(m.sample().outcome).toEqual({
      kind: 'stream-error',
      error: 'cut',
      message: 'the connection dropped before the body ended (ECONNRESET: read ECONNRESET)',
    });
  });

  it('reports the first stream problem, not the cut, when the connection then drops', () => {
    const m = meter();
    m.onHeaders(1010, 200, { 'content-type': 'text/event-stream' });
    m.onChunk(1020, Buffer.from('data: {oops\n\n'));
    m.onError(1030, withCode('other side closed', 'UND_ERR_SOCKET'));
    expect(m.sample().outcome).toMatchObject({ error: 'invalid-json' });
  });
});

describe('ResponseMeter redaction of every outcome text', () => {
  const redact = createHeaderRedactor({ authorization: 'Bearer sk-secret-123456' });

  it('redacts an abort reason and a connection error message', () => {
    const aborted = meter({ redact });
    aborted.fail(1010, { kind: 'aborted', reason: 'stop sk-secret-123456' });
    expect(aborted.sample().outcome).toEqual({ kind: 'aborted', reason: 'stop [redacted]' });
    const refused = meter({ redact });
    refused.onError(1010, withCode('connect to sk-secret-123456 failed', 'ECONNREFUSED'));
    expect(refused.sample().outcome).toEqual({
      kind: 'connection-error',
      code: 'ECONNREFUSED',
      message: 'connect to [redacted] failed',
    });
  });
});

describe('ResponseMeter.sample', () => {
  it('throws before the request has ended', () => {
    const m = meter();
    m.onHeaders(1010, 200, { 'content-type': 'text/event-stream' });
    expect(() => m.sample()).toThrow('ResponseMeter.sample() called before the end');
  });
});
