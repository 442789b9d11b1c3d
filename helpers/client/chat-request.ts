/** One chat message as the OpenAI chat-completions API takes it. */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  /** Text, or content parts (`[{type: 'text', text}]`), or null for assistant tool calls. */
  content: string | readonly Record<string, unknown>[] | null;
  /** Optional participant name. */
  name?: string;
  /** For `role: 'tool'`: the call this message answers. */
  tool_call_id?: string;
  /** For `role: 'assistant'`: tool calls it made. */
  tool_calls?: readonly Record<string, unknown>[];
}

/** One request for `ChatClient.send`. */
export interface ChatRequest {
  /** `model` field of the body; also the `model` tag. */
  model: string;
  messages: readonly ChatMessage[];
  /** `stream` field of the body; also the `stream` tag. */
  stream: boolean;
  /** `max_tokens` field of the body; left out when undefined. */
  maxTokens?: number;
  /** More body fields (temperature, seed, stream_options...); cannot change model/messages/stream. */
  extraBody?: Readonly<Record<string, unknown>>;
  /** Scenario and prompt tags copied onto the sample. */
  tags: { scenario: string; prompt: string };
  /** Aborts the request at once; the sample's outcome is then `aborted`. */
  signal?: AbortSignal;
}

/**
 * The JSON body the client sends: `model`, `messages`, `stream`, `max_tokens` (when set),
 * `stream_options: {include_usage: true}` (streams, unless `includeUsage` is false), then
 * `extraBody` on top; `model`, `messages` and `stream` always come from the request.
 */
export function chatRequestBody(request: ChatRequest, includeUsage: boolean): string {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages,
    stream: request.stream,
  };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.stream && includeUsage) body.stream_options = { include_usage: true };
  if (request.extraBody !== undefined) Object.assign(body, request.extraBody);
  body.model = request.model;
  body.messages = request.messages;
  body.stream = request.stream;
  return JSON.stringify(body);
}
