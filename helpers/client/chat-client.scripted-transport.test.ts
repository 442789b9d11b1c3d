import { channel } from 'node:diagnostics_channel';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { createChatClient } from './chat-client.js';
import type { ChatRequest } from './chat-request.js';
import type { RequestSample } from './request-sample.js';

// The client driven by a scripted dispatcher and a clock the test sets: every transport event
// happens at a chosen time, so the timing split and the deadline checks have exact values.

interface FakeController {
  aborted: boolean;
  paused: boolean;
  reason: unknown;
  abort(reason: unknown): void;
  pause(): void;
  resume(): void;
}

function controller(): FakeController {
  return {
    aborted: false,
    paused: false,
    reason: null,
    abort(reason) {
      this.aborted = true;
      this.reason = reason;
    },
    pause() {},
    resume() {},
  };
}

/** A dispatcher that runs `script` with the handler one macrotask after dispatch. */
function scripted(script: (handler: Dispatcher.DispatchHandler, control: FakeController) => void): {
  dispatcher: Dispatcher;
  control: FakeController;
} {
  const control = controller();
  const dispatcher = {
    dispatch(_options: unknown, handler: Dispatcher.DispatchHandler): boolean {
      setImmediate(() => script(handler, control));
      return true;
    },
    async close() {},
  };
  return { dispatcher: dispatcher as unknown as Dispatcher, control };
}

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  stream: false,
  tags: { scenario: 's', prompt: 'p' },
};

const BODY = Buffer.from('{"choices":[{"message":{"content":"hi"}}]}');
const JSON_HEADERS = { 'content-type': 'application/json' };
const dc = { request: {} };

function start(handler: Dispatcher.DispatchHandler, control: FakeController): void {
  handler.onRequestStart?.(control as unknown as Dispatcher.DispatchController, {});
}

describe('ChatClient with a scripted transport', () => {
  it('fills blocked from the request start and leaves sending, waiting and bytes null without a socket write', async () => {
    let now = 100;
    const { dispatcher } = scripted((handler, control) => {
      const c = control as unknown as Dispatcher.DispatchController;
      now = 110;
      start(handler, control);
      now = 130;
      handler.onResponseStart?.(c, 200, JSON_HEADERS, 'OK');
      now = 140;
      handler.onResponseData?.(c, BODY);
      now = 150;
      handler.onResponseEnd?.(c, {});
    });
    const sample = await createChatClient({
      baseUrl: 'http://127.0.0.1:9',
      dispatcher,
      clock: () => now,
    }).send(request);
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(timings(sample)).toEqual({
      ttfbMs: 30,
      totalMs: 50,
      blockedMs: 10,
      connectingMs: null,
      tlsHandshakingMs: null,
      sendingMs: null,
      waitingMs: null,
      dataSentBytes: null,
      dataReceivedBytes: null,
    });
  });

  it("splits the wait into blocked, sending and waiting and counts the socket's bytes of this request", async () => {
    let now = 0;
    const socket = { bytesRead: 1000, bytesWritten: 500 };
    const { dispatcher } = scripted((handler, control) => {
      const c = control as unknown as Dispatcher.DispatchController;
      now = 20;
      start(handler, control);
      channel('undici:client:sendHeaders').publish({ ...dc, socket });
      now = 25;
      socket.bytesWritten += 180;
      channel('undici:request:bodySent').publish(dc);
      now = 40;
      socket.bytesRead += 90;
      handler.onResponseStart?.(c, 200, JSON_HEADERS, 'OK');
      now = 45;
      socket.bytesRead += BODY.length;
      handler.onResponseData?.(c, BODY);
      handler.onResponseEnd?.(c, {});
    });
    const sample = await createChatClient({
      baseUrl: 'http://127.0.0.1:9',
      dispatcher,
      clock: () => now,
    }).send(request);
    expect(timings(sample)).toEqual({
      ttfbMs: 40,
      totalMs: 45,
      blockedMs: 20,
      connectingMs: null,
      tlsHandshakingMs: null,
      sendingMs: 5,
      waitingMs: 15,
      dataSentBytes: 180,
      dataReceivedBytes: 90 + BODY.length,
    });
  });

  it('clamps waiting at 0 when the headers come before the request is fully written', async () => {
    let now = 0;
    const socket = { bytesRead: 0, bytesWritten: 0 };
    const { dispatcher } = scripted((handler, control) => {
      const c = control as unknown as Dispatcher.DispatchController;
      now = 10;
      start(handler, control);
      channel('undici:client:sendHeaders').publish({ ...dc, socket });
      now = 30;
      handler.onResponseStart?.(c, 200, JSON_HEADERS, 'OK');
      now = 35;
      channel('undici:request:bodySent').publish(dc);
      handler.onResponseData?.(c, BODY);
      handler.onResponseEnd?.(c, {});
    });
    const sample = await createChatClient({
      baseUrl: 'http://127.0.0.1:9',
      dispatcher,
      clock: () => now,
    }).send(request);
    expect(sample.sendingMs).toBe(25);
    expect(sample.waitingMs).toBe(0);
  });

  it('ends the request at the exact clock reading of the headers deadline, from the request start', async () => {
    let now = 0;
    let settled = false;
    const { dispatcher, control } = scripted((handler, c) => {
      now = 20;
      start(handler, c);
      channel('undici:client:sendHeaders').publish({
        ...dc,
        socket: { bytesRead: 0, bytesWritten: 0 },
      });
      now = 24;
      channel('undici:request:bodySent').publish(dc);
      // The timer armed at send serves t0 + 50; when it fires, the clock reads the deadline.
      now = 70;
    });
    const pending = createChatClient({
      baseUrl: 'http://127.0.0.1:9',
      dispatcher,
      clock: () => now,
      timeouts: { headersMs: 50 },
    })
      .send(request)
      .finally(() => {
        settled = true;
      });
    // Only a client that lets the deadline pass unnoticed sees the clock move on.
    const bump = setTimeout(() => {
      if (!settled) now = 71;
    }, 1500);
    const sample = await pending;
    clearTimeout(bump);
    expect(sample.outcome).toEqual({ kind: 'timeout', phase: 'headers' });
    expect(sample.totalMs).toBe(70);
    expect([sample.blockedMs, sample.sendingMs, sample.waitingMs]).toEqual([20, 4, null]);
    expect(control.aborted).toBe(true);
    expect(control.reason).toMatchObject({
      name: 'RequestEndedByClientError',
      code: 'ERR_REQUEST_ENDED_BY_CLIENT',
      message: 'the client ended the request (timeout, abort or an unusable body)',
    });
  });
});

describe('ChatClient timeouts of 0', () => {
  it('treats every phase timeout of 0 as none, however long each phase takes', async () => {
    let now = 0;
    const { dispatcher } = scripted((handler, control) => {
      const c = control as unknown as Dispatcher.DispatchController;
      start(handler, control);
      setTimeout(() => {
        now = 5_000;
        handler.onResponseStart?.(c, 200, { 'content-type': 'text/event-stream' }, 'OK');
        now = 6_000;
        handler.onResponseData?.(
          c,
          Buffer.from('data: {"choices":[{"delta":{"content":"a"}}]}\n\n'),
        );
        setTimeout(() => {
          now = 9_000;
          handler.onResponseData?.(c, Buffer.from('data: [DONE]\n\n'));
          handler.onResponseEnd?.(c, {});
        }, 20);
      }, 20);
    });
    const sample = await createChatClient({
      baseUrl: 'http://127.0.0.1:9',
      dispatcher,
      clock: () => now,
      timeouts: { headersMs: 0, firstTokenMs: 0, idleMs: 0, totalMs: 0 },
    }).send({ ...request, stream: true });
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect([sample.ttfbMs, sample.ttftMs, sample.totalMs]).toEqual([5_000, 6_000, 9_000]);
  });
});

function timings(sample: RequestSample) {
  const {
    ttfbMs,
    totalMs,
    blockedMs,
    connectingMs,
    tlsHandshakingMs,
    sendingMs,
    waitingMs,
    dataSentBytes,
    dataReceivedBytes,
  } = sample;
  return {
    ttfbMs,
    totalMs,
    blockedMs,
    connectingMs,
    tlsHandshakingMs,
    sendingMs,
    waitingMs,
    dataSentBytes,
    dataReceivedBytes,
  };
}
