import { describe, expect, it } from 'vitest';
import { prebuiltCompletion, prebuiltStream, prebuiltStreamEvents } from './prebuilt-responses.js';

describe('prebuiltStream', () => {
  it('holds role, one event per token, finish, usage and [DONE]', () => {
    const text = prebuiltStream('m', 5);
    const events = text.split('\n\n').filter((e) => e !== '');
    expect(events).toHaveLength(prebuiltStreamEvents(5));
    expect(events.at(-1)).toBe('data: [DONE]');
    const payloads = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)));
    expect(payloads[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(payloads.slice(1, 6).every((p) => typeof p.choices[0].delta.content === 'string')).toBe(
      true,
    );
    expect(payloads.at(-1).usage.completion_tokens).toBe(5);
  });
});

describe('prebuiltCompletion', () => {
  it('is a chat.completion with the asked number of tokens in usage', () => {
    const body = JSON.parse(prebuiltCompletion('m', 3));
    expect(body.object).toBe('chat.completion');
    expect(body.usage.completion_tokens).toBe(3);
    expect(body.choices[0].message.content.length).toBeGreaterThan(0);
  });
});
