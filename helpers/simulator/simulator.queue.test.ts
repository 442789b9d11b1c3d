import { describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.js';
import { FAST, HELLO, postChat } from './sse-test-client.js';

describe('queueing', () => {
  it('with one slot, a second concurrent request waits about as long as the first one ran', async () => {
    const sim = await startSimulator({ ...FAST, slots: 1, decodeBaseMs: 5 });
    try {
      const body = { messages: HELLO, stream: true, max_tokens: 40 };
      const first = postChat(sim.url, body);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const [a, b] = await Promise.all([first, postChat(sim.url, body)]);
      const queueA = Number(a.headers.get('x-queue-time'));
      const queueB = Number(b.headers.get('x-queue-time'));
      const truthA = sim.truth.get(a.headers.get('x-request-id') as string);
      const ranA = (truthA?.endMs as number) - (truthA?.admittedMs as number);
      expect(queueA).toBeLessThan(5);
      // 1 + 40 x 5 ms ~ 200 ms; loose bounds for a loaded machine.
      expect(ranA).toBeGreaterThan(190);
      expect(queueB).toBeGreaterThan(ranA - 20);
      expect(queueB).toBeLessThan(ranA + 50);
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
