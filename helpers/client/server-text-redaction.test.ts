import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGE_CHARS, ResponseMeter } from './response-meter.js';
import { createHeaderRedactor, REDACTED } from './secret-redactor.js';
import { secretPiecesIn } from './testing/secret-pieces.js';
import { SSE_DONE, sseData } from './testing/sse-fixtures.js';

// Every path of the client that quotes a server's text, with a secret (whole, or a long
// prefix of it as a server might echo) placed across the point where the message is cut.
const KEY = 'sk-probe-SECRET-7f3a9c2e11d04b';
const TOKEN = `tok-${'q7Wm2Kx9Lp4Rz8Tn'.repeat(19)}`.slice(0, 300);
const SECRETS = [KEY, TOKEN];
const redact = createHeaderRedactor({ authorization: `Bearer ${KEY}`, 'x-loadtest-token': TOKEN });

/** `lead` filler characters, then the echo: whole secrets and a 133-character prefix. */
function acrossCut(lead: number): string {
  return `${'x'.repeat(lead)}${KEY} ${TOKEN.slice(0, 133)} ${TOKEN}`;
}

function meter(stream: boolean): ResponseMeter {
  return new ResponseMeter({
    t0Ms: 0,
    startEpochMs: 0,
    scenario: stream ? 'chat_stream' : 'chat_nonstream',
    prompt: 'short',
    model: 'm',
    stream,
    keepText: false,
    maxBufferedBytes: 1 << 20,
    redact,
  });
}

function outcomeText(m: ResponseMeter): string {
  m.onEnd(100);
  return JSON.stringify(m.sample());
}

/** Cut positions around the message limits: the echo starts just before each cut. */
const LEADS = [ERROR_MESSAGE_CHARS - 20, ERROR_MESSAGE_CHARS - 5, 60, 75, 79];

describe('server text in client outcomes', () => {
  it.each(LEADS)(
    'an HTTP error body (JSON error.message, echo at %d) shows no piece of a secret',
    (lead) => {
      const m = meter(true);
      m.onHeaders(10, 401, { 'content-type': 'application/json' });
      m.onChunk(20, Buffer.from(JSON.stringify({ error: { message: acrossCut(lead) } })));
      const text = outcomeText(m);
      expect(secretPiecesIn(text, SECRETS)).toEqual([]);
      expect(text).toContain(REDACTED);
    },
  );

  it.each(LEADS)(
    'an HTTP error body as plain text (echo at %d) shows no piece of a secret',
    (lead) => {
      const m = meter(false);
      m.onHeaders(10, 502, { 'content-type': 'text/plain' });
      m.onChunk(20, Buffer.from(acrossCut(lead)));
      expect(secretPiecesIn(outcomeText(m), SECRETS)).toEqual([]);
    },
  );

  it.each(LEADS)('an SSE error event (echo at %d) shows no piece of a secret', (lead) => {
    const m = meter(true);
    m.onHeaders(10, 200, { 'content-type': 'text/event-stream' });
    m.onChunk(
      20,
      Buffer.from(`event: error\ndata: ${JSON.stringify({ message: acrossCut(lead) })}\n\n`),
    );
    m.onChunk(30, Buffer.from(SSE_DONE));
    const text = outcomeText(m);
    expect(text).toContain('stream-error-event');
    expect(secretPiecesIn(text, SECRETS)).toEqual([]);
  });

  it.each(LEADS)('an error object in a chunk (echo at %d) shows no piece of a secret', (lead) => {
    const m = meter(true);
    m.onHeaders(10, 200, { 'content-type': 'text/event-stream' });
    m.onChunk(20, Buffer.from(sseData({ error: { message: acrossCut(lead) } })));
    m.onChunk(30, Buffer.from(SSE_DONE));
    expect(secretPiecesIn(outcomeText(m), SECRETS)).toEqual([]);
  });

  it.each(LEADS)(
    'an SSE data line that is not JSON (echo at %d) shows no piece of a secret',
    (lead) => {
      const m = meter(true);
      m.onHeaders(10, 200, { 'content-type': 'text/event-stream' });
      m.onChunk(20, Buffer.from(`data: ${acrossCut(lead)}\n\n`));
      m.onChunk(30, Buffer.from(SSE_DONE));
      const text = outcomeText(m);
      expect(text).toContain('stream-invalid-json');
      expect(secretPiecesIn(text, SECRETS)).toEqual([]);
    },
  );

  it.each(LEADS)('a JSON body that is not JSON (echo at %d) shows no piece of a secret', (lead) => {
    const m = meter(false);
    m.onHeaders(10, 200, { 'content-type': 'application/json' });
    m.onChunk(20, Buffer.from(acrossCut(lead)));
    const text = outcomeText(m);
    expect(text).toContain('stream-invalid-json');
    expect(secretPiecesIn(text, SECRETS)).toEqual([]);
  });

  it('a transport error whose message quotes a secret shows no piece of it', () => {
    const m = meter(true);
    m.onError(10, Object.assign(new Error(`bad header ${TOKEN.slice(0, 40)}`), { code: 'X' }));
    expect(secretPiecesIn(JSON.stringify(m.sample()), SECRETS)).toEqual([]);
  });
});
