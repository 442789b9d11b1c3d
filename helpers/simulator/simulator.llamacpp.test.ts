import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { type ChatChunk, chunksOf, FAST, HELLO, postChat } from './sse-test-client.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ ...FAST, flavor: 'llamacpp' });
});
afterAll(() => sim.close());

const stream = (extra: Record<string, unknown> = {}) =>
  postChat(sim.url, { messages: HELLO, stream: true, ...extra });

describe('llama.cpp flavor', () => {
  it('sends no role-only chunk: the first chunk already carries content', async () => {
    const chunks = chunksOf((await stream()).data);
    expect(chunks[0]?.choices[0]?.delta.role).toBeUndefined();
    expect(chunks[0]?.choices[0]?.delta.content?.length).toBeGreaterThan(0);
  });

  it('puts usage and timings in the finish chunk although usage was not asked for', async () => {
    const { data } = await stream({ max_tokens: 4 });
    const chunks = chunksOf(data);
    const finish = chunks.at(-1) as ChatChunk;
    expect(finish.choices[0]?.finish_reason).toBe('length');
    expect(finish.usage?.completion_tokens).toBe(4);
    expect(finish.timings).toMatchObject({ predicted_n: 4 });
    expect(chunks.some((c) => c.choices.length === 0)).toBe(false);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('ignores max_completion_tokens, as llama-server b4748 does', async () => {
    const finish = chunksOf((await stream({ max_completion_tokens: 2 })).data).at(-1);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers any model name and echoes it', async () => {
    const response = await stream({ model: 'whatever' });
    expect(response.status).toBe(200);
    expect(chunksOf(response.data)[0]?.model).toBe('whatever');
  });

  it('answers invalid JSON with 500 and a llama.cpp error body', async () => {
    const response = await postChat(sim.url, 'nope');
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toEqual({
      error: { code: 500, message: expect.any(String), type: 'server_error' },
    });
  });

  it('stops at the context window instead of refusing a large max_tokens', async () => {
    const small = await startSimulator({ ...FAST, flavor: 'llamacpp', contextTokens: 30 });
    try {
      const { data } = await postChat(small.url, {
        messages: HELLO,
        stream: true,
        max_tokens: 500,
      });
      const finish = chunksOf(data).at(-1);
      // 30 - (3 + 4 + ceil(10 / 4)) prompt tokens = 20 left.
      expect(finish?.usage?.completion_tokens).toBe(20);
      expect(finish?.choices[0]?.finish_reason).toBe('length');
    } finally {
      await small.close();
    }
  });

  it('has no /v1/version', async () => {
    expect((await fetch(`${sim.url}/v1/version`)).status).toBe(404);
  });
});
