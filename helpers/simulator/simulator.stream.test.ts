import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { type ChatChunk, chunksOf, contentOf, FAST, HELLO, postChat } from './sse-test-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ ...FAST });
});
afterAll(() => sim.close());

const stream = (extra: Record<string, unknown> = {}) =>
  postChat(sim.url, { model: 'jan-v1-4b', messages: HELLO, stream: true, ...extra });

const choice = (chunk: ChatChunk | undefined) => chunk?.choices[0];

describe('streamed chat completion (openai flavor)', () => {
  it('answers 200 with an SSE content type and a numeric X-Queue-Time', async () => {
    const response = await stream();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-queue-time')).toMatch(/^\d+\.\d{3}$/);
  });

  it('sends the role-only chunk first', async () => {
    const chunks = chunksOf((await stream()).data);
    expect(choice(chunks[0])).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    });
  });

  it('sends content deltas, then a finish chunk with an empty delta, then [DONE]', async () => {
    const { data } = await stream();
    const chunks = chunksOf(data);
    const deltas = chunks.slice(1, -1);
    expect(deltas.length).toBeGreaterThan(0);
    for (const chunk of deltas) {
      expect(typeof choice(chunk)?.delta.content).toBe('string');
      expect(choice(chunk)?.finish_reason).toBeNull();
    }
    expect(choice(chunks.at(-1))).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('uses one id, object, created and model in every chunk of a response', async () => {
    const chunks = chunksOf((await stream()).data);
    const first = chunks[0] as ChatChunk;
    expect(first.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: first.id,
        object: 'chat.completion.chunk',
        created: first.created,
        model: 'jan-v1-4b',
      });
    }
  });

  it('gives every request a different id', async () => {
    const ids = await Promise.all([stream(), stream(), stream()]);
    const unique = new Set(ids.map((r) => chunksOf(r.data)[0]?.id));
    expect(unique.size).toBe(3);
  });

  it('sends no usage chunk unless stream_options.include_usage is true', async () => {
    const chunks = chunksOf((await stream()).data);
    expect(chunks.some((c) => c.usage !== undefined || c.choices.length === 0)).toBe(false);
  });

  it('sends a usage chunk with empty choices after the finish chunk when asked', async () => {
    const { data } = await stream({ stream_options: { include_usage: true } });
    const chunks = chunksOf(data);
    const usageChunk = chunks.at(-1) as ChatChunk;
    expect(usageChunk.choices).toEqual([]);
    const contentEvents = chunks.filter((c) => choice(c)?.delta.content).length;
    expect(usageChunk.usage).toEqual({
      prompt_tokens: 3 + 4 + Math.ceil('Say hello.'.length / 4),
      completion_tokens: contentEvents,
      total_tokens: (usageChunk.usage?.prompt_tokens ?? Number.NaN) + contentEvents,
    });
    expect(choice(chunks.at(-2))?.finish_reason).toBe('stop');
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const chunks = chunksOf(
      (await stream({ max_tokens: 5, stream_options: { include_usage: true } })).data,
    );
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(5);
    expect(choice(chunks.at(-2))?.finish_reason).toBe('length');
  });

  it('honours max_completion_tokens', async () => {
    const chunks = chunksOf(
      (await stream({ max_completion_tokens: 3, stream_options: { include_usage: true } })).data,
    );
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(3);
  });

  it('writes longer answers for chain-of-thought system prompts', async () => {
    const messages = [{ role: 'system', content: 'Think step-by-step.' }, ...HELLO];
    const plain = chunksOf((await stream({ stream_options: { include_usage: true } })).data);
    const cot = chunksOf(
      (await stream({ messages, stream_options: { include_usage: true } })).data,
    );
    // FAST: 8 +/- 25% plain, 24 +/- 25% chain of thought.
    expect(plain.at(-1)?.usage?.completion_tokens).toBeLessThanOrEqual(10);
    expect(cot.at(-1)?.usage?.completion_tokens).toBeGreaterThanOrEqual(18);
  });

  it('writes text that reads as sentences', async () => {
    const text = contentOf(chunksOf((await stream({ max_tokens: 40 })).data));
    expect(text).toMatch(/^[A-Z][a-z]+ [a-z]/);
  });
});

describe('tokensPerEvent', () => {
  it('packs several tokens in one event, so events are fewer than completion tokens', async () => {
    const packed = await startSimulator({ ...FAST, tokensPerEvent: 3 });
    try {
      const { data } = await postChat(packed.url, {
        messages: HELLO,
        stream: true,
        max_tokens: 10,
        stream_options: { include_usage: true },
      });
      const chunks = chunksOf(data);
      const contentEvents = chunks.filter((c) => choice(c)?.delta.content).length;
      expect(contentEvents).toBe(4); // 3 + 3 + 3 + 1
      expect(chunks.at(-1)?.usage?.completion_tokens).toBe(10);
    } finally {
      await packed.close();
    }
  });
});

describe('reasoning mode', () => {
  it('streams reasoning_content deltas before the content deltas', async () => {
    const thinking = await startSimulator({ ...FAST, reasoning: true, reasoningShare: 0.5 });
    try {
      const { data } = await postChat(thinking.url, {
        messages: HELLO,
        stream: true,
        max_tokens: 10,
        stream_options: { include_usage: true },
      });
      const kinds = chunksOf(data)
        .map((c) => choice(c)?.delta)
        .filter((d) => d?.content || d?.reasoning_content)
        .map((d) => (d?.reasoning_content ? 'r' : 'c'))
        .join('');
      expect(kinds).toBe('rrrrrccccc');
      expect(chunksOf(data).at(-1)?.usage).toMatchObject({
        completion_tokens: 10,
        completion_tokens_details: { reasoning_tokens: 5 },
      });
    } finally {
      await thinking.close();
    }
  });
});
