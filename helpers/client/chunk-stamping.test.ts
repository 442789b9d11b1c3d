import type { Dispatcher } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { createChatClient } from './chat-client.js';
import type { ChatRequest } from './chat-request.js';
import type { RequestSample } from './request-sample.js';
import { ResponseMeter } from './response-meter.js';

/** A dispatcher that hands each request's handler to the test instead of sending anything. */
function handDispatcher(): {
  dispatcher: Dispatcher;
  handlers: Dispatcher.DispatchHandler[];
  aborted: unknown[];
} {
  const handlers: Dispatcher.DispatchHandler[] = [];
  const aborted: unknown[] = [];
  const dispatcher = {
    dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
      handlers.push(handler);
      return true;
    },
  } as unknown as Dispatcher;
  return { dispatcher, handlers, aborted };
}

function controller(aborted: unknown[]): Dispatcher.DispatchController {
  return {
    aborted: false,
    paused: false,
    reason: null,
    abort: (reason: Error) => aborted.push(reason),
    pause: () => {},
    resume: () => {},
  } as unknown as Dispatcher.DispatchController;
}

const REQUEST: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  tags: { scenario: 'chat_stream', prompt: 'short' },
};

const tokenEvent = (text: string): string =>
  `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`;

/** A client on the hand dispatcher whose clock reads `clock.nowMs`. */
function clockedClient(options: { timeouts?: { firstTokenMs: number } } = {}) {
  const hand = handDispatcher();
  const clock = { nowMs: 0 };
  const client = createChatClient({
    baseUrl: 'http://127.0.0.1:9',
    dispatcher: hand.dispatcher,
    clock: () => clock.nowMs,
    ...options,
  });
  return { ...hand, clock, client };
}

/** undici's response start of a 200 SSE answer. */
function startSse(handler: Dispatcher.DispatchHandler, aborted: unknown[]): void {
  handler.onResponseStart?.(
    controller(aborted),
    200,
    { 'content-type': 'text/event-stream' },
    'OK',
  );
}

describe('chunk stamping', () => {
  it("stamps a stream's chunk before the meter reads a large chunk of another stream that came just before it", async () => {
    const { handlers, aborted, clock, client } = clockedClient();
    // Each chunk the meter reads moves the clock 50 ms: a chunk read inline, before the next
    // one is stamped, shows as 50 ms between the two stamps (no real time is measured).
    const onChunk = ResponseMeter.prototype.onChunk;
    const reading = vi.spyOn(ResponseMeter.prototype, 'onChunk').mockImplementation(function (
      this: ResponseMeter,
      atMs: number,
      chunk: Uint8Array,
    ) {
      clock.nowMs += 50;
      onChunk.call(this, atMs, chunk);
    });
    try {
      const first = client.send(REQUEST);
      const second = client.send(REQUEST);
      const [heavy, light] = handlers as [Dispatcher.DispatchHandler, Dispatcher.DispatchHandler];
      for (const handler of [heavy, light]) {
        handler.onRequestStart?.(controller(aborted), {});
        startSse(handler, aborted);
      }
      clock.nowMs = 10;
      // Back to back, as two sockets read in one poll phase.
      heavy.onResponseData?.(controller(aborted), Buffer.from(tokenEvent('tok').repeat(1000)));
      light.onResponseData?.(controller(aborted), Buffer.from(tokenEvent('x')));
      for (const handler of [heavy, light]) {
        handler.onResponseData?.(controller(aborted), Buffer.from('data: [DONE]\n\n'));
        handler.onResponseEnd?.(controller(aborted), {});
      }
      const [a, b] = (await Promise.all([first, second])) as [RequestSample, RequestSample];
      expect(a.outputEvents).toBe(1000);
      expect(b.outputEvents).toBe(1);
      expect(a.ttftMs).toBe(10);
      expect(b.ttftMs).toBe(10);
      expect(reading).toHaveBeenCalled();
    } finally {
      reading.mockRestore();
      await client.close();
    }
  });

  it('reads queued chunks before the end, so a stream ended in the same poll keeps every token', async () => {
    const { handlers, aborted, clock, client } = clockedClient();
    const sent = client.send(REQUEST);
    const handler = handlers[0] as Dispatcher.DispatchHandler;
    clock.nowMs = 5;
    handler.onRequestStart?.(controller(aborted), {});
    clock.nowMs = 40;
    startSse(handler, aborted);
    clock.nowMs = 100;
    handler.onResponseData?.(controller(aborted), Buffer.from(tokenEvent('a')));
    clock.nowMs = 130;
    handler.onResponseData?.(
      controller(aborted),
      Buffer.from(`${tokenEvent('b')}data: [DONE]\n\n`),
    );
    clock.nowMs = 131;
    handler.onResponseEnd?.(controller(aborted), {});
    const sample = await sent;
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.ttftMs).toBe(100);
    expect(sample.outputEvents).toBe(2);
    expect(sample.totalMs).toBe(131);
    expect(aborted).toEqual([]);
    await client.close();
  });

  it('reads the chunks queued in each turn in order, each at its own time, turn after turn', async () => {
    const { handlers, aborted, clock, client } = clockedClient();
    const sent = client.send(REQUEST);
    const handler = handlers[0] as Dispatcher.DispatchHandler;
    handler.onRequestStart?.(controller(aborted), {});
    startSse(handler, aborted);
    // Turn 1: one chunk; turn 2: three chunks, one of them a split event; turn 3: one again.
    const turns: [number, string][][] = [
      [[100, tokenEvent('a')]],
      [
        [120, tokenEvent('b')],
        [125, tokenEvent('c').slice(0, 30)],
        [127, tokenEvent('c').slice(30)],
      ],
      [[150, `${tokenEvent('d')}data: [DONE]\n\n`]],
    ];
    for (const turn of turns) {
      for (const [atMs, text] of turn) {
        clock.nowMs = atMs;
        handler.onResponseData?.(controller(aborted), Buffer.from(text));
      }
      // The check phase of this turn reads them.
      await new Promise((resolve) => setImmediate(resolve));
    }
    clock.nowMs = 151;
    handler.onResponseEnd?.(controller(aborted), {});
    const sample = await sent;
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.ttftMs).toBe(100);
    expect(sample.itlMs).toEqual([20, 7, 23]);
    expect(sample.outputEvents).toBe(4);
    await client.close();
  });

  it('reads a chunk queued before a deadline first, so a token in time is no first-token timeout', async () => {
    const { handlers, aborted, clock, client } = clockedClient({ timeouts: { firstTokenMs: 50 } });
    const sent = client.send(REQUEST);
    const handler = handlers[0] as Dispatcher.DispatchHandler & { onTimer(): void };
    handler.onRequestStart?.(controller(aborted), {});
    clock.nowMs = 10;
    startSse(handler, aborted);
    clock.nowMs = 30;
    handler.onResponseData?.(controller(aborted), Buffer.from(tokenEvent('a')));
    // The timer fires past the deadline before the queue is read (a busy loop turn).
    clock.nowMs = 60;
    handler.onTimer();
    clock.nowMs = 61;
    handler.onResponseData?.(controller(aborted), Buffer.from('data: [DONE]\n\n'));
    handler.onResponseEnd?.(controller(aborted), {});
    const sample = await sent;
    expect(sample.outcome.kind).toBe('ok');
    expect(sample.ttftMs).toBe(30);
    await client.close();
  });
});
