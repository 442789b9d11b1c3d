/** Builders for OpenAI-style chat-completion chunks and SSE text, shared by the tests. */

export interface UsageFixture {
  prompt_tokens: number;
  completion_tokens: number;
}

const ID = 'chatcmpl-test';

/** `data: <json>\n\n`. */
export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The terminating `data: [DONE]` event. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** A chunk with only `delta.role` (what vLLM and OpenAI send first). */
export function roleChunk(): object {
  return {
    id: ID,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { role: 'assistant' } }],
  };
}

/** A chunk whose delta carries `fields` (e.g. `{content: 'hi'}`), optionally finishing. */
export function deltaChunk(
  fields: Record<string, unknown>,
  extra: { finish?: string; usage?: UsageFixture } = {},
): object {
  return {
    id: ID,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: fields, finish_reason: extra.finish ?? null }],
    ...(extra.usage === undefined ? {} : { usage: extra.usage }),
  };
}

/** A content chunk. */
export function contentChunk(text: string): object {
  return deltaChunk({ content: text });
}

/** The trailing usage chunk with empty `choices` (OpenAI, vLLM with include_usage). */
export function usageChunk(usage: UsageFixture): object {
  return { id: ID, object: 'chat.completion.chunk', choices: [], usage };
}

/** A full stream: optional role chunk, one content event per token, usage, [DONE]. */
export function sseStream(
  tokens: readonly string[],
  options: { role?: boolean; usage?: UsageFixture | null } = {},
): string {
  let text = options.role === false ? '' : sseData(roleChunk());
  for (const token of tokens) text += sseData(contentChunk(token));
  text += sseData(deltaChunk({}, { finish: 'stop' }));
  if (options.usage !== null && options.usage !== undefined)
    text += sseData(usageChunk(options.usage));
  return text + SSE_DONE;
}

/** A non-stream chat.completion body. */
export function completionBody(content: string, usage?: UsageFixture): object {
  return {
    id: ID,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    ...(usage === undefined ? {} : { usage }),
  };
}
