import { createServer } from 'node:net';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { createChatClient } from './chat-client.js';
import type { ChatRequest } from './chat-request.js';
import {
  httpChunk,
  LAST_HTTP_CHUNK,
  responseHead,
  sseResponseHead,
} from './testing/raw-http-server.js';
import { completionBody, sseStream } from './testing/sse-fixtures.js';
import { useTestClients } from './testing/test-clients.js';

const { client, raw } = useTestClients();

function chat(stream: boolean, extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'test-model',
    messages: [{ role: 'user', content: 'hi' }],
    stream,
    tags: { scenario: 'chat', prompt: 'short' },
    ...extra,
  };
}

/** Header `name` of a raw request head, lower-cased name, or undefined. */
function header(head: string, name: string): string | undefined {
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (line.slice(0, colon).toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}

/** A dispatcher that throws `error` from dispatch, and records whether it was closed. */
function throwingDispatcher(error: unknown): Dispatcher & { closed: boolean } {
  const fake = {
    closed: false,
    dispatch(): boolean {
      throw error;
    },
    async close() {
      fake.closed = true;
    },
  };
  return fake as unknown as Dispatcher & { closed: boolean };
}

/** A request nobody serves: pre-aborted requests and dispatch errors never reach it. */
const NOWHERE = 'http://127.0.0.1:9';

describe('ChatClient request headers', () => {
  it('sends JSON with accept text/event-stream for a stream and application/json otherwise', async () => {
    const heads: string[] = [];
    const server = await raw(({ socket, head }) => {
      heads.push(head);
      socket.write(
        header(head, 'accept') === 'application/json'
          ? responseHead(200, 'application/json') +
              httpChunk(JSON.stringify(completionBody('a'))) +
              LAST_HTTP_CHUNK
          : sseResponseHead() + httpChunk(sseStream(['a'])) + LAST_HTTP_CHUNK,
      );
    });
    const c = client(server.url);
    expect((await c.send(chat(true))).outcome).toEqual({ kind: 'ok' });
    expect((await c.send(chat(false))).outcome).toEqual({ kind: 'ok' });
    expect(heads.map((head) => header(head, 'content-type'))).toEqual([
      'application/json',
      'application/json',
    ]);
    expect(heads.map((head) => header(head, 'accept'))).toEqual([
      'text/event-stream',
      'application/json',
    ]);
  });

  it('lets configured headers replace the default accept and content type', async () => {
    const heads: string[] = [];
    const server = await raw(({ socket, head }) => {
      heads.push(head);
      socket.write(sseResponseHead() + httpChunk(sseStream(['a'])) + LAST_HTTP_CHUNK);
    });
    const c = client(server.url, {
      headers: {
        accept: 'text/event-stream; q=1',
        'content-type': 'application/json; charset=utf-8',
      },
    });
    await c.send(chat(false));
    expect(header(heads[0] as string, 'accept')).toBe('text/event-stream; q=1');
    expect(header(heads[0] as string, 'content-type')).toBe('application/json; charset=utf-8');
  });
});

describe('ChatClient requests that are never sent', () => {
  it('takes the abort reason from an Error message or a string, else says the caller aborted', async () => {
    const c = client(NOWHERE);
    const cases: [unknown, string][] = [
      [new Error('deadline reached'), 'deadline reached'],
      ['caller gave up', 'caller gave up'],
      [new Error(''), 'the caller aborted the request'],
      ['', 'the caller aborted the request'],
      [42, 'the caller aborted the request'],
    ];
    for (const [reason, expected] of cases) {
      const sample = await c.send(chat(true, { signal: AbortSignal.abort(reason) }));
      expect(sample.outcome).toEqual({ kind: 'aborted', reason: expected });
      expect(sample.totalMs).toBe(0);
    }
  });

  it('turns a body that cannot be serialised into a connection-error sample with its tags', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const sample = await client(NOWHERE).send(chat(true, { extraBody: circular }));
    expect(sample.outcome).toMatchObject({
      kind: 'connection-error',
      code: 'ERR_REQUEST_NOT_SENT',
    });
    expect((sample.outcome as { message: string }).message).toMatch(
      /^the request could not be sent: Converting circular structure to JSON/,
    );
    expect(sample.tags).toEqual({
      scenario: 'chat',
      prompt: 'short',
      status: '0',
      model: 'test-model',
      stream: 'true',
      outcome: 'connection-error',
    });
    expect(sample.totalMs).toBe(0);
  });

  it('keeps the code of an error thrown while the request is built', async () => {
    const sample = await client(NOWHERE).send(
      chat(false, {
        extraBody: {
          toJSON() {
            throw Object.assign(new Error('no body today'), { code: 'E_BODY' });
          },
        },
      }),
    );
    expect(sample.outcome).toEqual({
      kind: 'connection-error',
      code: 'E_BODY',
      message: 'the request could not be sent: no body today',
    });
    expect(sample.tags.stream).toBe('false');
  });

  it('gives a sample with empty tags for a request that is not an object', async () => {
    const sample = await client(NOWHERE).send(null as unknown as ChatRequest);
    expect(sample.tags).toEqual({
      scenario: '',
      prompt: '',
      status: '0',
      model: '',
      stream: 'false',
      outcome: 'connection-error',
    });
  });

  it('turns an error thrown by an injected dispatcher into a connection error, and leaves it open', async () => {
    const dispatcher = throwingDispatcher(
      Object.assign(new Error('invalid header'), { code: 'UND_ERR_INVALID_ARG' }),
    );
    const c = createChatClient({ baseUrl: NOWHERE, dispatcher });
    const sample = await c.send(chat(true));
    expect(sample.outcome).toEqual({
      kind: 'connection-error',
      code: 'UND_ERR_INVALID_ARG',
      message: 'invalid header',
    });
    await c.close();
    expect(dispatcher.closed).toBe(false);
  });
});

describe('ChatClient timing split of a request never written', () => {
  it('leaves blocked, connecting, sending, waiting and bytes null when the connect is refused', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const sample = await client(`http://127.0.0.1:${port}`).send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'ECONNREFUSED' });
    expect({
      blockedMs: sample.blockedMs,
      connectingMs: sample.connectingMs,
      tlsHandshakingMs: sample.tlsHandshakingMs,
      sendingMs: sample.sendingMs,
      waitingMs: sample.waitingMs,
      dataSentBytes: sample.dataSentBytes,
      dataReceivedBytes: sample.dataReceivedBytes,
    }).toEqual({
      blockedMs: null,
      connectingMs: null,
      tlsHandshakingMs: null,
      sendingMs: null,
      waitingMs: null,
      dataSentBytes: null,
      dataReceivedBytes: null,
    });
  });
});

describe('ChatClient start time', () => {
  it('puts startEpochMs on the same base as t0 with the default clock', async () => {
    const sample = await client(NOWHERE).send(chat(true, { signal: AbortSignal.abort() }));
    // performance.now() + timeOrigin: sub-millisecond, unlike Date.now().
    expect(sample.startEpochMs - sample.t0Ms).toBeCloseTo(performance.timeOrigin, 3);
  });

  it('takes startEpochMs from the wall clock when the clock is injected', async () => {
    const c = client(NOWHERE, { clock: () => 5_000_000_000 });
    const before = Date.now();
    const sample = await c.send(chat(true, { signal: AbortSignal.abort() }));
    expect(sample.t0Ms).toBe(5_000_000_000);
    expect(sample.startEpochMs).toBeGreaterThanOrEqual(before);
    expect(sample.startEpochMs).toBeLessThanOrEqual(Date.now());
  });
});
