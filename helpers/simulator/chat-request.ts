import { type ApiError, invalidRequest } from './api-error.js';
import type { SimulatorFlavor } from './simulator-options.js';

/** One chat message as the simulator needs it. */
export interface ChatMessage {
  role: string;
  content?: unknown;
}

/** The fields of a chat completion request that shape the simulated answer. */
export interface ChatRequest {
  /** Requested model, or null when the request named none. */
  model: string | null;
  messages: ChatMessage[];
  stream: boolean;
  /** max_completion_tokens, else max_tokens; null when neither was given. */
  maxTokens: number | null;
  /** Which field `maxTokens` came from (for error messages). */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens' | null;
  /** stream_options.include_usage. */
  includeUsage: boolean;
}

export type ChatRequestResult = { ok: true; request: ChatRequest } | { ok: false; error: ApiError };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

function readMaxTokens(
  body: Record<string, unknown>,
  param: 'max_tokens' | 'max_completion_tokens',
): number | null | ApiError {
  const value = body[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return invalidRequest(
      `Invalid type for '${param}': expected an integer, but got ${JSON.stringify(value)} instead.`,
      param,
      'invalid_type',
    );
  }
  if (value < 1) {
    return invalidRequest(
      `Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`,
      param,
      'integer_below_min_value',
    );
  }
  return value;
}

function validate(bodyText: string, flavor: SimulatorFlavor): ChatRequestResult {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: invalidRequest(
        `We could not parse the JSON body of your request (${detail}). Send a JSON object.`,
        null,
        'invalid_json',
      ),
    };
  }
  if (!isObject(body)) {
    return {
      ok: false,
      error: invalidRequest(
        `Invalid body: expected a JSON object, but got ${typeName(body)} instead.`,
        null,
        'invalid_type',
      ),
    };
  }

  const messages = body.messages;
  if (messages === undefined) {
    return {
      ok: false,
      error: invalidRequest(
        "Missing required parameter: 'messages'.",
        'messages',
        'missing_required_parameter',
      ),
    };
  }
  if (!Array.isArray(messages)) {
    return {
      ok: false,
      error: invalidRequest(
        `Invalid type for 'messages': expected an array of objects, but got ${typeName(messages)} instead.`,
        'messages',
        'invalid_type',
      ),
    };
  }
  if (messages.length === 0) {
    return {
      ok: false,
      error: invalidRequest(
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        'messages',
        'empty_array',
      ),
    };
  }
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message) || typeof message.role !== 'string') {
      return {
        ok: false,
        error: invalidRequest(
          `Invalid 'messages[${i}]': expected an object with a string 'role'.`,
          `messages[${i}]`,
          'invalid_type',
        ),
      };
    }
  }

  const model = body.model;
  if (model !== undefined && model !== null && typeof model !== 'string') {
    return {
      ok: false,
      error: invalidRequest(
        `Invalid type for 'model': expected a string, but got ${typeName(model)} instead.`,
        'model',
        'invalid_type',
      ),
    };
  }
  const stream = body.stream ?? false;
  if (typeof stream !== 'boolean') {
    return {
      ok: false,
      error: invalidRequest(
        `Invalid type for 'stream': expected a boolean, but got ${typeName(stream)} instead.`,
        'stream',
        'invalid_type',
      ),
    };
  }

  const streamOptions = body.stream_options;
  let includeUsage = false;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!stream) {
      return {
        ok: false,
        error: invalidRequest(
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          'stream_options',
          'invalid_value',
        ),
      };
    }
    if (!isObject(streamOptions)) {
      return {
        ok: false,
        error: invalidRequest(
          `Invalid type for 'stream_options': expected an object, but got ${typeName(streamOptions)} instead.`,
          'stream_options',
          'invalid_type',
        ),
      };
    }
    includeUsage = streamOptions.include_usage === true;
  }

  const maxTokens = readMaxTokens(body, 'max_tokens');
  if (maxTokens !== null && typeof maxTokens === 'object') return { ok: false, error: maxTokens };
  // llama.cpp (build b4748) ignores max_completion_tokens; vLLM prefers it over max_tokens.
  const maxCompletionTokens =
    flavor === 'llamacpp' ? null : readMaxTokens(body, 'max_completion_tokens');
  if (maxCompletionTokens !== null && typeof maxCompletionTokens === 'object') {
    return { ok: false, error: maxCompletionTokens };
  }

  return {
    ok: true,
    request: {
      model: typeof model === 'string' ? model : null,
      messages: messages as ChatMessage[],
      stream,
      maxTokens: maxCompletionTokens ?? maxTokens,
      maxTokensParam:
        maxCompletionTokens !== null
          ? 'max_completion_tokens'
          : maxTokens !== null
            ? 'max_tokens'
            : null,
      includeUsage,
    },
  };
}

/**
 * Parses and checks a chat completion body. Errors are OpenAI's 400s; the llama.cpp flavor
 * answers them with 500 `server_error`, as llama-server does.
 */
export function parseChatRequest(bodyText: string, flavor: SimulatorFlavor): ChatRequestResult {
  const result = validate(bodyText, flavor);
  if (result.ok || flavor !== 'llamacpp') return result;
  return { ok: false, error: { ...result.error, status: 500, type: 'server_error' } };
}
