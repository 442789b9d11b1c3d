/** Words the pre-built responses cycle through: plain ASCII, no JSON escapes. */
const WORDS = [' the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', '.'];
const ID = 'chatcmpl-prebuilt000000000000';
const CREATED_S = 1_763_000_000;

/**
 * A whole SSE response in the simulator's OpenAI wire format: a role event, `tokens` content
 * events, a finish event, a usage event and `[DONE]`, so `tokens + 4` events in all.
 */
export function prebuiltStream(model: string, tokens: number): string {
  const meta = `"id":"${ID}","object":"chat.completion.chunk","created":${CREATED_S},"model":${JSON.stringify(model)}`;
  const tail = '"logprobs":null,"finish_reason":null}]}\n\n';
  const parts: string[] = [
    `data: {${meta},"choices":[{"index":0,"delta":{"role":"assistant","content":""},${tail}`,
  ];
  for (let i = 0; i < tokens; i++) {
    parts.push(
      `data: {${meta},"choices":[{"index":0,"delta":{"content":"${WORDS[i % WORDS.length]}"},${tail}`,
    );
  }
  parts.push(
    `data: {${meta},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}]}\n\n`,
    `data: {${meta},"choices":[],"usage":{"prompt_tokens":8,"completion_tokens":${tokens},"total_tokens":${tokens + 8}}}\n\n`,
    'data: [DONE]\n\n',
  );
  return parts.join('');
}

/** SSE events in a `prebuiltStream` of `tokens` tokens. */
export function prebuiltStreamEvents(tokens: number): number {
  return tokens + 4;
}

/** A whole non-stream `chat.completion` body with `tokens` tokens of content. */
export function prebuiltCompletion(model: string, tokens: number): string {
  let content = '';
  for (let i = 0; i < tokens; i++) content += WORDS[i % WORDS.length];
  return JSON.stringify({
    id: ID,
    object: 'chat.completion',
    created: CREATED_S,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content },
        logprobs: null,
        finish_reason: 'length',
      },
    ],
    usage: { prompt_tokens: 8, completion_tokens: tokens, total_tokens: tokens + 8 },
  });
}
