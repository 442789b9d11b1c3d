import { createServer as createNetServer } from 'node:net';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { startMswBridge } from '../testing/msw-bridge.js';
import { type ChatClient, createChatClient } from './chat-client.js';
import { ChatClientConfigError, type ChatClientOptions } from './chat-client-options.js';
import type { ChatRequest } from './chat-request.js';
import {
  closeDelimitedHead,
  httpChunk,
  LAST_HTTP_CHUNK,
  type RawExchange,
  responseHead,
  sleep,
  sseResponseHead,
  startRawServer,
} from './testing/raw-http-server.js';
import {
  completionBody,
  contentChunk,
  roleChunk,
  SSE_DONE,
  sseData,
  sseStream,
} from './testing/sse-fixtures.js';
import { startStalledListener } from './testing/stalled-listener.js';

const USAGE = { prompt_tokens: 11, completion_tokens: 3 };

/**
 * A timeout must end its request within this much after its configured value: room for a
 * loaded 2-core machine, far below the ~1 s lateness of undici's own coarse timers.
 */
const TIMEOUT_MARGIN_MS = 200;

/** Everything a test opened, closed after it in creation order (servers before clients). */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function client(baseUrl: string, options: Partial<ChatClientOptions> = {}): ChatClient {
  const created = createChatClient({ baseUrl, ...options });
  cleanups.push(() => created.close());
  return created;
}

function chat(stream: boolean, extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'test-model',
    messages: [{ role: 'user', content: 'Say hi' }],
    stream,
    tags: { scenario: stream ? 'chat_stream' : 'chat_nonstream', prompt: 'short' },
    ...extra,
  };
}

async function bridge(...handlers: Parameters<typeof startMswBridge>[0]) {
  const started = await startMswBridge(handlers);
  cleanups.push(() => started.close());
  return started;
}

async function raw(onRequest: (exchange: RawExchange) => void) {
  const started = await startRawServer(onRequest);
  cleanups.push(() => started.close());
  return started;
}

/** A ReadableStream that yields each text after its delay: SSE chunks one by one. */
function pacedBody(
  parts: readonly { afterMs?: number; text: string }[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    async pull(controller) {
      const part = parts[index++];
      if (part === undefined) {
        controller.close();
        return;
      }
      if (part.afterMs) await sleep(part.afterMs);
      controller.enqueue(encoder.encode(part.text));
    },
  });
}

const SSE = { 'content-type': 'text/event-stream' };

/** Writes a chunked SSE response of `texts` (one HTTP chunk each) and ends it. */
function answerSse(socket: RawExchange['socket'], texts: readonly string[]): void {
  socket.write(sseResponseHead() + texts.map(httpChunk).join('') + LAST_HTTP_CHUNK);
}

/** Sleeps at least `ms` after `since` on performance.now(), never less (timers fire early). */
async function sleepUntil(since: number, ms: number): Promise<void> {
  while (performance.now() - since < ms) {
    await sleep(Math.max(1, ms - (performance.now() - since)));
  }
}

describe('createChatClient', () => {
  it('lists every invalid option at once', () => {
    let thrown: unknown;
    try {
      createChatClient({ baseUrl: 'not a url', connections: 0, timeouts: { idleMs: -1 } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ChatClientConfigError);
    const fields = (thrown as ChatClientConfigError).problems.map((p) => p.field);
    expect(fields).toEqual(['baseUrl', 'connections', 'timeouts.idleMs']);
  });

  it('rejects credentials in the base URL without printing them', () => {
    expect(() => createChatClient({ baseUrl: 'http://user:hunter22@127.0.0.1:1' })).toThrow(
      /pass them in `headers`/,
    );
    try {
      createChatClient({ baseUrl: 'http://user:hunter22@127.0.0.1:1' });
    } catch (error) {
      expect(String(error)).not.toContain('hunter22');
    }
  });
});

describe('ChatClient.send outcomes', () => {
  it('measures an ok stream with usage: tokens, timings in order, tags', async () => {
    const server = await bridge(
      http.post(
        '*/v1/chat/completions',
        () =>
          new HttpResponse(
            pacedBody([
              { text: sseData(roleChunk()) },
              { afterMs: 20, text: sseData(contentChunk('Hel')) },
              { afterMs: 20, text: sseData(contentChunk('lo')) },
              { afterMs: 20, text: sseData(contentChunk('!')) },
              { text: sseStream([], { role: false, usage: USAGE }) },
            ]),
            { headers: { ...SSE, 'x-queue-time': '4' } },
          ),
      ),
    );
    const sample = await client(server.url, { keepText: true }).send(chat(true));
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.tags).toEqual({
      scenario: 'chat_stream',
      prompt: 'short',
      status: '200',
      model: 'test-model',
      stream: 'true',
      outcome: 'ok',
    });
    expect(sample.outputTokens).toBe(3);
    expect(sample.inputTokens).toBe(11);
    expect(sample.tokenSource).toBe('usage');
    expect(sample.outputEvents).toBe(3);
    expect(sample.itlMs).toHaveLength(2);
    expect(sample.text).toBe('Hello!');
    expect(sample.queueMs).toBe(4);
    const { ttfbMs, ttftMs, ttfcMs, totalMs, receivingMs } = sample;
    expect(ttfbMs).not.toBeNull();
    expect(ttftMs).toBeGreaterThanOrEqual(ttfbMs as number);
    expect(ttfcMs).toBe(ttftMs);
    expect(totalMs).toBeGreaterThanOrEqual(ttftMs as number);
    expect(receivingMs).toBeCloseTo((totalMs as number) - (ttfbMs as number), 6);
    expect(sample.tokensPerSec).toBeCloseTo(3 / ((totalMs as number) / 1000), 6);
  });

  it('measures an ok non-stream completion with TTFT equal to the total time', async () => {
    const server = await bridge(
      http.post('*/v1/chat/completions', () => HttpResponse.json(completionBody('Hi', USAGE))),
    );
    const sample = await client(server.url).send(chat(false));
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.tags.stream).toBe('false');
    expect(sample.ttftMs).toBe(sample.totalMs);
    expect(sample.outputTokens).toBe(3);
    expect(sample.tokenSource).toBe('usage');
  });

  it('reports http-error with the server message for a 500 JSON answer to a stream', async () => {
    const server = await bridge(
      http.post('*/v1/chat/completions', () =>
        HttpResponse.json(
          { error: { message: "'messages' is required", code: 500 } },
          { status: 500 },
        ),
      ),
    );
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toEqual({
      kind: 'http-error',
      status: 500,
      message: "'messages' is required",
    });
    expect(sample.tags.status).toBe('500');
    expect(sample.tags.outcome).toBe('http-error');
  });

  it('ends the request with timeout-connect on time when the TCP connect hangs', async () => {
    const listener = await startStalledListener();
    cleanups.push(() => listener.close());
    const startedMs = performance.now();
    const sample = await client(listener.url, { timeouts: { connectMs: 200 } }).send(chat(true));
    const elapsedMs = performance.now() - startedMs;
    expect(sample.tags.outcome).toBe('timeout-connect');
    expect(sample.ttfbMs).toBeNull();
    expect(sample.tags.status).toBe('0');
    expect(sample.totalMs).toBeGreaterThanOrEqual(200);
    expect(sample.totalMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
    expect(elapsedMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('ends the request with timeout-connect on time when the TLS handshake never completes', async () => {
    // The server accepts TCP but never answers the TLS hello: TCP is done, TLS is not.
    const server = await raw(() => {});
    const https = server.url.replace('http:', 'https:');
    const startedMs = performance.now();
    const sample = await client(https, { timeouts: { connectMs: 200 } }).send(chat(true));
    const elapsedMs = performance.now() - startedMs;
    expect(sample.tags.outcome).toBe('timeout-connect');
    expect(sample.ttfbMs).toBeNull();
    expect(sample.tags.status).toBe('0');
    expect(server.connections).toBe(1);
    expect(sample.totalMs).toBeGreaterThanOrEqual(200);
    expect(sample.totalMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
    expect(elapsedMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('ends the request with timeout-headers on time when the server never answers', async () => {
    const server = await raw(() => {});
    const startedMs = performance.now();
    const sample = await client(server.url, { timeouts: { headersMs: 200 } }).send(chat(true));
    const elapsedMs = performance.now() - startedMs;
    expect(sample.tags.outcome).toBe('timeout-headers');
    expect(sample.ttfbMs).toBeNull();
    expect(server.requests).toBe(1);
    expect(sample.totalMs).toBeGreaterThanOrEqual(200);
    expect(sample.totalMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
    expect(elapsedMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('keeps the headers timeout running through an interim 103: it ends on time', async () => {
    const server = await raw(async ({ socket }) => {
      await sleep(100);
      socket.write('HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n');
    });
    const sample = await client(server.url, { timeouts: { headersMs: 200 } }).send(chat(true));
    expect(sample.tags.outcome).toBe('timeout-headers');
    expect(sample.totalMs).toBeGreaterThanOrEqual(200);
    expect(sample.totalMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('clears the connect timer once connected: a response slower than connectMs is not cut', async () => {
    const server = await raw(async ({ socket }) => {
      await sleep(300);
      answerSse(socket, [sseStream(['a'])]);
    });
    const sample = await client(server.url, { timeouts: { connectMs: 100 } }).send(chat(true));
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.ttfbMs).toBeGreaterThanOrEqual(250);
  });

  it('starts the headers timeout when the request is written, not while it waits for a connection', async () => {
    const server = await raw(async ({ socket, requestOnConnection }) => {
      if (requestOnConnection === 1) {
        // Headers at once, the body 300 ms later: the only connection stays busy that long.
        socket.write(sseResponseHead());
        await sleep(300);
        socket.write(httpChunk(sseStream(['a'])) + LAST_HTTP_CHUNK);
      } else {
        answerSse(socket, [sseStream(['b'])]);
      }
    });
    const c = client(server.url, { connections: 1, timeouts: { headersMs: 200 } });
    const [first, second] = await Promise.all([c.send(chat(true)), c.send(chat(true))]);
    expect(first.tags.outcome).toBe('ok');
    expect(second.tags.outcome).toBe('ok');
    // The wait for the busy connection counts in TTFB, but not against headersMs.
    expect(second.ttfbMs).toBeGreaterThanOrEqual(250);
    expect(server.connections).toBe(1);
  });

  it('ends the request with timeout-first-token on time when only a role chunk comes, keeping TTFB', async () => {
    const server = await raw(({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(roleChunk())));
    });
    const sample = await client(server.url, { timeouts: { firstTokenMs: 300 } }).send(chat(true));
    expect(sample.tags.outcome).toBe('timeout-first-token');
    expect(sample.ttfbMs).not.toBeNull();
    expect(sample.ttftMs).toBeNull();
    expect(sample.totalMs).toBeGreaterThanOrEqual(300);
    expect(sample.totalMs).toBeLessThan(300 + TIMEOUT_MARGIN_MS);
  });

  it('ends the request with timeout-idle on time when tokens stop, keeping TTFT', async () => {
    const server = await raw(({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(contentChunk('a'))));
    });
    const sample = await client(server.url, { timeouts: { idleMs: 200 } }).send(chat(true));
    expect(sample.tags.outcome).toBe('timeout-idle');
    expect(sample.ttftMs).not.toBeNull();
    expect(sample.outputEvents).toBe(1);
    const silenceMs = (sample.totalMs as number) - (sample.ttftMs as number);
    expect(silenceMs).toBeGreaterThanOrEqual(200);
    expect(silenceMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('ends the request with timeout-total on time when tokens keep coming past the limit', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(sseResponseHead());
      for (let i = 0; i < 100 && !socket.destroyed; i++) {
        socket.write(httpChunk(sseData(contentChunk('t'))));
        await sleep(20);
      }
    });
    const sample = await client(server.url, { timeouts: { totalMs: 300, idleMs: 1000 } }).send(
      chat(true),
    );
    expect(sample.tags.outcome).toBe('timeout-total');
    expect(sample.outputEvents).toBeGreaterThan(2);
    expect(sample.totalMs).toBeGreaterThanOrEqual(300);
    expect(sample.totalMs).toBeLessThan(300 + TIMEOUT_MARGIN_MS);
  });

  it('reports connection-error ECONNREFUSED when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const sample = await client(`http://127.0.0.1:${port}`).send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'ECONNREFUSED' });
    expect(sample.tags.status).toBe('0');
  });

  it('reports connection-error ECONNRESET when the server resets before headers', async () => {
    const server = await raw(({ socket }) => socket.resetAndDestroy());
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'ECONNRESET' });
  });

  it('reports stream-cut when the connection drops mid-stream, keeping the timings', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(contentChunk('a'))));
      await sleep(20);
      socket.write(httpChunk(sseData(contentChunk('b'))));
      await sleep(20);
      socket.destroy();
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-cut');
    expect(sample.outputEvents).toBe(2);
    expect(sample.ttftMs).not.toBeNull();
    expect(sample.itlMs).toHaveLength(1);
  });

  it.each([
    ['with connection: close', { connection: 'close' }],
    ['without a connection header', {}],
  ])(
    'reports stream-cut when a reset ends an SSE body without length (%s)',
    async (_name, extra) => {
      const server = await raw(async ({ socket }) => {
        socket.write(
          closeDelimitedHead(200, 'text/event-stream', extra) + sseData(contentChunk('a')),
        );
        await sleep(20);
        socket.resetAndDestroy();
      });
      const sample = await client(server.url).send(chat(true));
      expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'cut' });
      expect((sample.outcome as { message: string }).message).toContain('ECONNRESET');
      expect(sample.outputEvents).toBe(1);
      expect(sample.ttftMs).not.toBeNull();
    },
  );

  it('reports stream-cut when a reset ends a chunked body sent with connection: close', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(
        sseResponseHead({ connection: 'close' }) + httpChunk(sseData(contentChunk('a'))),
      );
      await sleep(20);
      socket.resetAndDestroy();
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-cut');
    expect(sample.outputEvents).toBe(1);
  });

  it('keeps stream-missing-done when an SSE body without length ends with a clean close', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(closeDelimitedHead(200, 'text/event-stream') + sseData(contentChunk('a')));
      await sleep(20);
      socket.end();
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-missing-done');
    expect(sample.outputEvents).toBe(1);
  });

  it('tells a reset from a clean close on the next connection of the same client', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(closeDelimitedHead(200, 'text/event-stream') + sseData(contentChunk('a')));
      await sleep(20);
      if (server.connections === 1) socket.resetAndDestroy();
      else socket.end();
    });
    const c = client(server.url);
    const first = await c.send(chat(true));
    const second = await c.send(chat(true));
    expect([first.tags.outcome, second.tags.outcome]).toEqual([
      'stream-cut',
      'stream-missing-done',
    ]);
    expect(server.connections).toBe(2);
  });

  it('reports ok when a reset comes after [DONE] on an SSE body without length', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(closeDelimitedHead(200, 'text/event-stream') + sseStream(['a', 'b']));
      await sleep(20);
      socket.resetAndDestroy();
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.outputEvents).toBe(2);
  });

  it('reports stream-cut when a reset ends a JSON body without length half-way', async () => {
    const body = JSON.stringify(completionBody('Hi', USAGE));
    const server = await raw(async ({ socket }) => {
      socket.write(closeDelimitedHead(200, 'application/json') + body.slice(0, 20));
      await sleep(20);
      socket.resetAndDestroy();
    });
    const sample = await client(server.url).send(chat(false));
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'cut' });
  });

  it('reads a whole JSON body without length as ok even when a reset follows it', async () => {
    const body = JSON.stringify(completionBody('Hi', USAGE));
    const server = await raw(async ({ socket }) => {
      socket.write(closeDelimitedHead(200, 'application/json') + body);
      await sleep(20);
      socket.resetAndDestroy();
    });
    const sample = await client(server.url).send(chat(false));
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.outputTokens).toBe(3);
  });

  it.each([
    ['a stream request, no content type', true, ''],
    ['a stream request, text/event-stream', true, 'content-type: text/event-stream\r\n'],
    ['a non-stream request', false, ''],
  ])('reports stream-empty-completion for a 204 answer to %s', async (_name, stream, header) => {
    const server = await raw(({ socket }) => {
      socket.write(`HTTP/1.1 204 No Content\r\n${header}\r\n`);
    });
    const sample = await client(server.url).send(chat(stream));
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'empty-completion' });
    expect((sample.outcome as { message: string }).message).toContain('204');
    expect(sample.tags.status).toBe('204');
  });

  it.each([
    ['102 Processing', 'HTTP/1.1 102 Processing\r\n\r\n'],
    ['103 Early Hints', 'HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n'],
  ])('skips an interim %s and times TTFB from the final headers', async (_name, interim) => {
    const server = await raw(async ({ socket }) => {
      socket.write(interim);
      await sleepUntil(performance.now(), 100);
      answerSse(socket, [sseStream(['a'])]);
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.tags.status).toBe('200');
    expect(sample.ttfbMs).toBeGreaterThanOrEqual(100);
  });

  it('reports connection-error UND_ERR_SOCKET for an unsolicited 100 Continue, without resending', async () => {
    // undici 7 refuses a 100 it did not ask for (it never sends Expect: 100-continue).
    const server = await raw(({ socket }) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      answerSse(socket, [sseStream(['a'])]);
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'UND_ERR_SOCKET' });
    expect((sample.outcome as { message: string }).message).toMatch(/bad response.*100 Continue/);
    expect(sample.tags.status).toBe('0');
    expect(sample.ttfbMs).toBeNull();
    await sleep(50);
    expect(server.requests).toBe(1);
  });

  it('reports connection-error UND_ERR_SOCKET for a 101 to a request that asked for no upgrade', async () => {
    const server = await raw(({ socket }) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n',
      );
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'UND_ERR_SOCKET' });
    expect((sample.outcome as { message: string }).message).toMatch(/^bad upgrade: .*\(101\)/);
    expect(sample.tags.status).toBe('0');
  });

  it('reports stream-missing-done when the body ends without [DONE]', async () => {
    const server = await raw(({ socket }) => answerSse(socket, [sseData(contentChunk('a'))]));
    const sample = await client(server.url).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-missing-done');
  });

  it('reports stream-invalid-json for a data line that is not JSON', async () => {
    const server = await raw(({ socket }) =>
      answerSse(socket, [sseData(contentChunk('a')), 'data: {oops\n\n', SSE_DONE]),
    );
    const sample = await client(server.url).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-invalid-json');
  });

  it('reports stream-error-event when the server streams an error', async () => {
    const server = await raw(({ socket }) =>
      answerSse(socket, [
        sseData(contentChunk('a')),
        'event: error\ndata: {"error":{"message":"engine crashed"}}\n\n',
      ]),
    );
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'stream-error', error: 'error-event' });
    expect((sample.outcome as { message: string }).message).toContain('engine crashed');
  });

  it('reports stream-empty-completion for a 2xx stream without output', async () => {
    const server = await raw(({ socket }) => answerSse(socket, [sseData(roleChunk()), SSE_DONE]));
    const sample = await client(server.url).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-empty-completion');
  });

  it('reports stream-too-large and stops reading when one event exceeds the cap', async () => {
    const server = await raw(({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(`data: "${'x'.repeat(4000)}`));
    });
    const started = performance.now();
    const sample = await client(server.url, { maxBufferedBytes: 1024 }).send(chat(true));
    expect(sample.tags.outcome).toBe('stream-too-large');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('reports aborted and ends at once when the caller signal fires mid-stream', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(contentChunk('a'))));
      for (let i = 0; i < 100 && !socket.destroyed; i++) await sleep(50);
    });
    const controller = new AbortController();
    const pending = client(server.url).send(chat(true, { signal: controller.signal }));
    await sleep(100);
    const abortedAt = performance.now();
    controller.abort(new Error('test stops it'));
    const sample = await pending;
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(sample.outcome).toEqual({ kind: 'aborted', reason: 'test stops it' });
    expect(sample.ttftMs).not.toBeNull();
  });

  it('reports aborted without sending when the signal has already fired', async () => {
    const server = await raw(({ socket }) => answerSse(socket, [sseStream(['a'])]));
    const sample = await client(server.url).send(chat(true, { signal: AbortSignal.abort() }));
    expect(sample.tags.outcome).toBe('aborted');
    expect(server.requests).toBe(0);
  });
});

describe('ChatClient.send measurement', () => {
  it('does not take a role-only chunk 150 ms before the first token for the first token', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(roleChunk())));
      const roleSentAt = performance.now();
      await sleepUntil(roleSentAt, 150);
      socket.write(httpChunk(sseData(contentChunk('a')) + SSE_DONE) + LAST_HTTP_CHUNK);
    });
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.ttfbMs).toBeLessThan(100);
    expect(sample.ttftMs).toBeGreaterThanOrEqual(150);
    expect((sample.ttftMs as number) - (sample.ttfbMs as number)).toBeGreaterThanOrEqual(145);
  });

  it('counts events for tokens/s when the stream has no usage', async () => {
    const server = await raw(({ socket }) => answerSse(socket, [sseStream(['a', 'b', 'c', 'd'])]));
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.tokenSource).toBe('events');
    expect(sample.outputTokens).toBe(4);
    expect(sample.tokensPerSec).toBeCloseTo(4 / ((sample.totalMs as number) / 1000), 6);
  });

  it('reads a 2xx JSON answer to a stream request as a completion', async () => {
    const server = await bridge(
      http.post('*/v1/chat/completions', () => HttpResponse.json(completionBody('Hi', USAGE))),
    );
    const sample = await client(server.url).send(chat(true));
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.outputTokens).toBe(3);
  });

  it('sends model, messages, stream, max_tokens and stream_options.include_usage', async () => {
    const bodies: unknown[] = [];
    const paths: string[] = [];
    const server = await raw(({ socket, head, body }) => {
      bodies.push(JSON.parse(body));
      paths.push(head.split(' ')[1] ?? '');
      answerSse(socket, [sseStream(['a'])]);
    });
    const c = client(`${server.url}/v1/`);
    await c.send(chat(true, { maxTokens: 64, extraBody: { temperature: 0, model: 'other' } }));
    expect(bodies[0]).toEqual({
      model: 'test-model',
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: true,
      max_tokens: 64,
      stream_options: { include_usage: true },
      temperature: 0,
    });
    expect(paths[0]).toBe('/v1/chat/completions');
  });

  it('leaves stream_options out when includeUsage is false', async () => {
    const bodies: Record<string, unknown>[] = [];
    const server = await raw(({ socket, body }) => {
      bodies.push(JSON.parse(body));
      answerSse(socket, [sseStream(['a'])]);
    });
    await client(server.url, { includeUsage: false }).send(chat(true));
    expect(bodies[0]).not.toHaveProperty('stream_options');
    expect(bodies[0]).not.toHaveProperty('max_tokens');
  });

  it('reuses one keep-alive connection and never retries a failed request', async () => {
    const server = await raw(({ socket, requestOnConnection }) => {
      // The third request on the connection is reset: the client must not send it again.
      if (requestOnConnection === 3) socket.resetAndDestroy();
      else answerSse(socket, [sseStream(['a'])]);
    });
    const c = client(server.url, { connections: 1 });
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) outcomes.push((await c.send(chat(true))).tags.outcome);
    await sleep(100);
    expect(outcomes).toEqual(['ok', 'ok', 'connection-error']);
    expect(server.connections).toBe(1);
    expect(server.requests).toBe(3);
  });

  it('keeps the configured secrets out of samples and messages', async () => {
    const secretKey = 'sk-live-SECRET-1234567';
    const secretToken = 'tok-SECRET-7654321';
    const heads: string[] = [];
    const server = await raw(({ socket, head }) => {
      heads.push(head);
      const echo = JSON.stringify({ error: { message: `bad credentials: ${head}` } });
      socket.write(responseHead(401, 'application/json') + httpChunk(echo) + LAST_HTTP_CHUNK);
    });
    const c = client(server.url, {
      headers: { Authorization: `Bearer ${secretKey}`, 'X-LoadTest-Token': secretToken },
    });
    const sample = await c.send(chat(true));
    expect(heads[0]).toContain(secretKey);
    expect(sample.outcome.kind).toBe('http-error');
    const serialized = JSON.stringify(sample);
    expect(serialized).not.toContain(secretKey);
    expect(serialized).not.toContain(secretToken);
    expect(serialized).toContain('[redacted]');
  });

  it('turns a header undici refuses into a sample without echoing it', async () => {
    const server = await raw(({ socket }) => answerSse(socket, [sseStream(['a'])]));
    const c = client(server.url, { headers: { authorization: 'Bearer sk-bad\nvalue-123456' } });
    const sample = await c.send(chat(true));
    expect(sample.outcome.kind).toBe('connection-error');
    expect(JSON.stringify(sample)).not.toContain('sk-bad');
    expect(server.requests).toBe(0);
  });

  it('resolves with a sample after close instead of throwing', async () => {
    const server = await raw(({ socket }) => answerSse(socket, [sseStream(['a'])]));
    const c = createChatClient({ baseUrl: server.url });
    await c.close();
    const sample = await c.send(chat(true));
    expect(sample.outcome).toMatchObject({ kind: 'connection-error' });
  });
});

describe('ChatClient.send under random socket chunking', () => {
  it('gives the same tokens, events and outcome however the bytes are split on the wire', async () => {
    const tokens = ['Hel', 'lo', ', ', 'wörld', ' 漢字', '!'];
    const whole = Buffer.from(
      sseStream(tokens, { usage: { prompt_tokens: 2, completion_tokens: 6 } }),
    );
    let cuts: number[] = [];
    const server = await raw(async ({ socket }) => {
      socket.write(sseResponseHead());
      const bounds = [0, ...cuts, whole.length];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const piece = whole.subarray(bounds[i], bounds[i + 1]);
        socket.write(`${piece.length.toString(16)}\r\n`);
        socket.write(piece);
        socket.write('\r\n');
        await new Promise((resolve) => setImmediate(resolve));
      }
      socket.write(LAST_HTTP_CHUNK);
    });
    const c = client(server.url, { keepText: true });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 30 }),
        async (randomCuts) => {
          cuts = randomCuts.sort((a, b) => a - b);
          const sample = await c.send(chat(true));
          expect(sample.outcome).toEqual({ kind: 'ok' });
          expect(sample.text).toBe(tokens.join(''));
          expect(sample.outputEvents).toBe(tokens.length);
          expect(sample.outputTokens).toBe(6);
          expect(sample.itlMs).toHaveLength(tokens.length - 1);
        },
      ),
      { numRuns: 25 },
    );
  });
});
