import { describe, expect, it } from 'vitest';
import type { ChatRequest } from './chat-request.js';
import {
  httpChunk,
  LAST_HTTP_CHUNK,
  responseHead,
  sleep,
  sseResponseHead,
} from './testing/raw-http-server.js';
import { contentChunk, roleChunk, sseData, sseStream } from './testing/sse-fixtures.js';
import { useTestClients } from './testing/test-clients.js';

/** Room after a configured timeout on a loaded 2-core machine (as in chat-client.test.ts). */
const TIMEOUT_MARGIN_MS = 200;

const { client, raw } = useTestClients();

function chat(stream: boolean, signal?: AbortSignal): ChatRequest {
  return {
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    stream,
    tags: { scenario: 's', prompt: 'p' },
    ...(signal === undefined ? {} : { signal }),
  };
}

describe('ChatClient deadlines', () => {
  it('times idle from the last output: SSE comments do not keep a silent stream alive', async () => {
    const server = await raw(async ({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(contentChunk('a'))));
      // Keep-alive comments every 50 ms for up to 1.5 s, no more tokens.
      for (let i = 0; i < 30 && !socket.destroyed; i++) {
        await sleep(50);
        if (!socket.destroyed) socket.write(httpChunk(': keep-alive\n\n'));
      }
    });
    const sample = await client(server.url, { timeouts: { idleMs: 200 } }).send(chat(true));
    expect(sample.tags.outcome).toBe('timeout-idle');
    const silenceMs = (sample.totalMs as number) - (sample.ttftMs as number);
    expect(silenceMs).toBeGreaterThanOrEqual(200);
    expect(silenceMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('times idle of a JSON body from its last chunk, starting at the headers', async () => {
    const server = await raw(({ socket }) => {
      socket.write(responseHead(200, 'application/json') + httpChunk('{"choices":'));
    });
    const sample = await client(server.url, { timeouts: { idleMs: 200 } }).send(chat(false));
    expect(sample.tags.outcome).toBe('timeout-idle');
    const silenceMs = (sample.totalMs as number) - (sample.ttfbMs as number);
    expect(silenceMs).toBeGreaterThanOrEqual(200);
    expect(silenceMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('ends on a first-token timeout shorter than the headers timeout already armed', async () => {
    const server = await raw(({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(roleChunk())));
    });
    const sample = await client(server.url, {
      timeouts: { headersMs: 2000, firstTokenMs: 300 },
    }).send(chat(true));
    expect(sample.tags.outcome).toBe('timeout-first-token');
    expect(sample.totalMs).toBeGreaterThanOrEqual(300);
    expect(sample.totalMs).toBeLessThan(300 + TIMEOUT_MARGIN_MS);
  });

  it('ends on an idle timeout shorter than the first-token timeout once the first token came', async () => {
    const server = await raw(({ socket }) => {
      socket.write(sseResponseHead() + httpChunk(sseData(contentChunk('a'))));
    });
    const sample = await client(server.url, {
      timeouts: { firstTokenMs: 2000, idleMs: 200 },
    }).send(chat(true));
    expect(sample.tags.outcome).toBe('timeout-idle');
    const silenceMs = (sample.totalMs as number) - (sample.ttftMs as number);
    expect(silenceMs).toBeLessThan(200 + TIMEOUT_MARGIN_MS);
  });

  it('closes the connection when a timeout ends the request, so the server stops sending', async () => {
    let closedAtMs = Number.NaN;
    const server = await raw(async ({ socket }) => {
      socket.once('close', () => {
        closedAtMs = performance.now();
      });
      socket.write(sseResponseHead());
      for (let i = 0; i < 100 && !socket.destroyed; i++) {
        socket.write(httpChunk(sseData(contentChunk('t'))));
        await sleep(20);
      }
    });
    const sample = await client(server.url, { timeouts: { totalMs: 200 } }).send(chat(true));
    const endedAtMs = performance.now();
    expect(sample.tags.outcome).toBe('timeout-total');
    await sleep(100);
    expect(closedAtMs - endedAtMs).toBeLessThan(100);
  });

  it('does not send a request aborted while it waited for the only connection', async () => {
    const server = await raw(async ({ socket, requestOnConnection }) => {
      if (requestOnConnection === 1) {
        socket.write(sseResponseHead());
        await sleep(300);
        socket.write(httpChunk(sseStream(['a'])) + LAST_HTTP_CHUNK);
      } else {
        socket.write(sseResponseHead() + httpChunk(sseStream(['b'])) + LAST_HTTP_CHUNK);
      }
    });
    const c = client(server.url, { connections: 1 });
    const controller = new AbortController();
    const first = c.send(chat(true));
    const second = c.send(chat(true, controller.signal));
    await sleep(50);
    controller.abort('caller gave up');
    expect((await second).outcome).toEqual({ kind: 'aborted', reason: 'caller gave up' });
    expect((await first).tags.outcome).toBe('ok');
    await sleep(100);
    expect(server.requests).toBe(1);
  });
});
