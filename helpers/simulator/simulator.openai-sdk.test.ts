import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { FAST } from './sse-test-client.js';

const KEY = 'sk-sdk-test';
let sim: Simulator;
let client: OpenAI;
beforeAll(async () => {
  sim = await startSimulator({ ...FAST, apiKey: KEY });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => sim.close());

const messages = [{ role: 'user' as const, content: 'Say hello.' }];

describe('wire compatibility with the official openai SDK', () => {
  it('reads a non-stream completion', async () => {
    const completion = await client.chat.completions.create({
      model: 'jan-v1-4b',
      messages,
      max_tokens: 5,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(5);
  });

  it('reads a stream to its finish_reason', async () => {
    const stream = await client.chat.completions.create({
      model: 'jan-v1-4b',
      messages,
      max_tokens: 6,
      stream: true,
    });
    let text = '';
    let finish: string | null = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(chunks).toBe(1 + 6 + 1); // role, contents, finish
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('length');
  });

  it('receives the usage chunk when stream_options.include_usage is true', async () => {
    const stream = await client.chat.completions.create({
      model: 'jan-v1-4b',
      messages,
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(4);
  });

  it('lists the served model', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['jan-v1-4b']);
  });

  it('surfaces a 404 for an unknown model as NotFoundError', async () => {
    await expect(
      client.chat.completions.create({ model: 'nope', messages }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
