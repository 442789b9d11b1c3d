import { describe, expect, it, vi } from 'vitest';
import { startSimulator } from './simulator.js';
import { FAST, HELLO, postChat } from './sse-test-client.js';

describe('queueing', () => {
  it('with one slot, a second concurrent request waits in the queue until the first one ends', async () => {
    const sim = await startSimulator({ ...FAST, slots: 1, decodeBaseMs: 5 });
    try {
      const body = { messages: HELLO, stream: true, max_tokens: 40 };
      const first = postChat(sim.url, body);
      // The second is sent once the first holds the slot, however slow the machine is.
      await vi.waitFor(() => expect(sim.stats().active).toBe(1), { timeout: 5000, interval: 2 });
      const [a, b] = await Promise.all([first, postChat(sim.url, body)]);
      const truthOf = (response: { headers: Headers }) => {
        const record = sim.truth.get(response.headers.get('x-request-id') as string);
        if (record === undefined) throw new Error('no truth record');
        return record;
      };
      const truthA = truthOf(a);
      const truthB = truthOf(b);
      expect(Number(a.headers.get('x-queue-time'))).toBeLessThan(5);
      // 1 + 40 x 5 ms ~ 200 ms of work for the first.
      expect((truthA.endMs as number) - (truthA.admittedMs as number)).toBeGreaterThan(190);
      // The second leaves the queue when the first ends (the next engine step), not before.
      const admittedAfterEndMs = (truthB.admittedMs as number) - (truthA.endMs as number);
      expect(admittedAfterEndMs).toBeGreaterThanOrEqual(0);
      expect(admittedAfterEndMs).toBeLessThan(50);
      // Its X-Queue-Time shows that wait: sent while the first had ~200 ms of work left.
      expect(Number(b.headers.get('x-queue-time'))).toBeGreaterThan(100);
    } finally {
      await sim.close();
    }
  });

  it('sends headers and the role chunk on leaving the queue, long before the first token', async () => {
    const sim = await startSimulator({ ...FAST, prefillBaseMs: 150 });
    try {
      const startMs = performance.now();
      const response = await fetch(`${sim.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: HELLO, stream: true, max_tokens: 2 }),
      });
      const headersMs = performance.now() - startMs;
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      let firstContentMs = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        if (
          firstContentMs === 0 &&
          text.includes('"content":"') &&
          text.includes('"content":"', text.indexOf('"content":""') + 14)
        ) {
          firstContentMs = performance.now() - startMs;
        }
      }
      expect(text.startsWith('data: {') && text.includes('"role":"assistant"')).toBe(true);
      expect(headersMs).toBeLessThan(100);
      expect(firstContentMs - headersMs).toBeGreaterThan(100);
    } finally {
      await sim.close();
    }
  });

  it('answers 503 queue_full when the queue is at queueLimit', async () => {
    const sim = await startSimulator({ ...FAST, slots: 1, queueLimit: 1, decodeBaseMs: 5 });
    try {
      const body = { messages: HELLO, max_tokens: 10 };
      const statuses = (await Promise.all([1, 2, 3].map(() => postChat(sim.url, body)))).map(
        (r) => r.status,
      );
      expect(statuses.sort()).toEqual([200, 200, 503]);
      expect(sim.stats().errorResponses).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
