/** Test-only helpers: post a chat request with fetch and split the SSE body into chunks. */

/** A `chat.completion.chunk` as the tests read it. */
export interface ChatChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string; reasoning_content?: string };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  timings?: Record<string, number>;
}

export interface ChatResponse {
  status: number;
  headers: Headers;
  /** The raw body. */
  text: string;
  /** The payload of every `data:` line, in order (including `[DONE]`). */
  data: string[];
}

export async function postChat(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ChatResponse> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, data: dataPayloads(text) };
}

/** Splits an SSE body into the payloads of its `data:` lines. */
export function dataPayloads(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

/** Parses every payload except `[DONE]`. */
export function chunksOf(data: readonly string[]): ChatChunk[] {
  return data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as ChatChunk);
}

/** The text carried by `delta.content` over all chunks. */
export function contentOf(chunks: readonly ChatChunk[]): string {
  return chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
}

/** Fast timing options so functional tests take milliseconds. */
export const FAST = {
  prefillBaseMs: 1,
  prefillPerTokenMs: 0,
  decodeBaseMs: 1,
  decodePerActiveMs: 0,
  outputTokens: 8,
  cotOutputTokens: 24,
} as const;

export const HELLO = [{ role: 'user', content: 'Say hello.' }];
