import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './chat-request.js';

const MESSAGES = [{ role: 'user', content: 'hi' }];
const body = (fields: Record<string, unknown>): string => JSON.stringify(fields);

function errorOf(text: string, flavor: 'openai' | 'llamacpp' = 'openai') {
  const result = parseChatRequest(text, flavor);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseChatRequest', () => {
  it('reads model, stream, max_tokens and include_usage', () => {
    const result = parseChatRequest(
      body({
        model: 'm',
        messages: MESSAGES,
        stream: true,
        max_tokens: 12,
        stream_options: { include_usage: true },
      }),
      'openai',
    );
    expect(result).toEqual({
      ok: true,
      request: {
        model: 'm',
        messages: MESSAGES,
        stream: true,
        maxTokens: 12,
        maxTokensParam: 'max_tokens',
        includeUsage: true,
      },
    });
  });

  it('prefers max_completion_tokens over max_tokens, as vLLM does', () => {
    const result = parseChatRequest(
      body({ messages: MESSAGES, max_tokens: 50, max_completion_tokens: 7 }),
      'openai',
    );
    expect(result.ok && result.request.maxTokens).toBe(7);
  });

  it('ignores max_completion_tokens in the llama.cpp flavor', () => {
    const result = parseChatRequest(
      body({ messages: MESSAGES, max_completion_tokens: 7 }),
      'llamacpp',
    );
    expect(result.ok && result.request.maxTokens).toBeNull();
  });

  it('rejects a body that is not JSON with 400 invalid_json', () => {
    expect(errorOf('{"messages": [')).toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('rejects a missing messages field naming the param', () => {
    expect(errorOf(body({ model: 'm' }))).toMatchObject({
      status: 400,
      param: 'messages',
      code: 'missing_required_parameter',
    });
  });

  it('rejects empty messages', () => {
    expect(errorOf(body({ messages: [] }))).toMatchObject({ status: 400, code: 'empty_array' });
  });

  it('rejects a message without a role', () => {
    expect(errorOf(body({ messages: [{ content: 'x' }] }))).toMatchObject({
      param: 'messages[0]',
    });
  });

  it('rejects max_tokens below 1 with the value in the message', () => {
    const error = errorOf(body({ messages: MESSAGES, max_tokens: 0 }));
    expect(error).toMatchObject({ status: 400, param: 'max_tokens' });
    expect(error.message).toContain('got 0');
  });

  it('rejects stream_options without stream', () => {
    expect(
      errorOf(body({ messages: MESSAGES, stream_options: { include_usage: true } })),
    ).toMatchObject({
      param: 'stream_options',
    });
  });

  it('answers request errors with 500 server_error in the llama.cpp flavor', () => {
    expect(errorOf('not json', 'llamacpp')).toMatchObject({ status: 500, type: 'server_error' });
  });
});
