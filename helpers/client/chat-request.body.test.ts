import { describe, expect, it } from 'vitest';
import { type ChatRequest, chatRequestBody } from './chat-request.js';

const request = (overrides: Partial<ChatRequest>): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  tags: { scenario: 's', prompt: 'p' },
  ...overrides,
});

describe('chatRequestBody', () => {
  it('asks a stream for usage unless told not to', () => {
    expect(chatRequestBody(request({}), true)).toBe(
      '{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}',
    );
    expect(chatRequestBody(request({}), false)).toBe(
      '{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}',
    );
  });

  it('never sends stream_options without a stream', () => {
    expect(chatRequestBody(request({ stream: false, maxTokens: 16 }), true)).toBe(
      '{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false,"max_tokens":16}',
    );
  });

  it('lets extraBody add and replace fields but never model, messages or stream', () => {
    const body = chatRequestBody(
      request({
        maxTokens: 8,
        extraBody: {
          model: 'other',
          messages: [],
          stream: false,
          max_tokens: 4,
          stream_options: { include_usage: false },
          temperature: 0,
        },
      }),
      true,
    );
    expect(JSON.parse(body)).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      max_tokens: 4,
      stream_options: { include_usage: false },
      temperature: 0,
    });
  });
});
