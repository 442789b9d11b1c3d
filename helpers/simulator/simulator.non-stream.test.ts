import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { FAST, HELLO, postChat } from './sse-test-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ ...FAST });
});
afterAll(() => sim.close());

/** Times (ms after sending) at which the headers and the whole body arrived. */
function timedPost(
  url: string,
  body: unknown,
): Promise<{ headersMs: number; bodyMs: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const startMs = performance.now();
    const req = request(`${url}/v1/chat/completions`, { method: 'POST' }, (res) => {
      const headersMs = performance.now() - startMs;
      res.resume();
      res.on('end', () =>
        resolve({ headersMs, bodyMs: performance.now() - startMs, headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('non-stream chat completion', () => {
  it('answers one chat.completion object with message, finish_reason and usage', async () => {
    const response = await postChat(sim.url, { messages: HELLO, max_tokens: 6 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-queue-time')).toMatch(/^\d+\.\d{3}$/);
    const body = JSON.parse(response.text);
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'jan-v1-4b',
      choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'length' }],
      usage: { completion_tokens: 6 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.choices[0].message.content.length).toBeGreaterThan(5);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 6);
  });

  it('finishes with stop when no max_tokens is given', async () => {
    const body = JSON.parse((await postChat(sim.url, { messages: HELLO })).text);
    expect(body.choices[0].finish_reason).toBe('stop');
  });

  it('sends headers on leaving the queue by default, long before the body', async () => {
    const slow = await startSimulator({ ...FAST, decodeBaseMs: 20 });
    try {
      const timing = await timedPost(slow.url, { messages: HELLO, max_tokens: 10 });
      expect(timing.headers['transfer-encoding']).toBe('chunked');
      // 10 tokens x 20 ms: the body takes ~180 ms more than the headers.
      expect(timing.bodyMs - timing.headersMs).toBeGreaterThan(120);
    } finally {
      await slow.close();
    }
  });

  it('sends headers with the body and a Content-Length when nonStreamHeadersAt is end', async () => {
    const slow = await startSimulator({ ...FAST, decodeBaseMs: 20, nonStreamHeadersAt: 'end' });
    try {
      const timing = await timedPost(slow.url, { messages: HELLO, max_tokens: 10 });
      expect(Number(timing.headers['content-length'])).toBeGreaterThan(0);
      expect(timing.headersMs).toBeGreaterThan(120);
      expect(timing.bodyMs - timing.headersMs).toBeLessThan(50);
    } finally {
      await slow.close();
    }
  });

  it('includes reasoning_content in the message in reasoning mode', async () => {
    const thinking = await startSimulator({ ...FAST, reasoning: true });
    try {
      const body = JSON.parse(
        (await postChat(thinking.url, { messages: HELLO, max_tokens: 8 })).text,
      );
      expect(body.choices[0].message.reasoning_content.length).toBeGreaterThan(0);
      expect(body.usage.completion_tokens_details).toEqual({ reasoning_tokens: 4 });
    } finally {
      await thinking.close();
    }
  });
});
