import { analyzePrompt } from './analyze-prompt.js';
import { type ApiError, invalidRequest } from './api-error.js';
import type { ChatRequest } from './chat-request.js';
import { drawFault, type Fault } from './faults.js';
import { createRandom, mixSeed } from './random.js';
import type { SimulatorOptions } from './simulator-options.js';
import { createTextGenerator, type TextGenerator } from './text-generator.js';
import { defaultOutputTokens } from './timing-model.js';

/** Why generation ended: natural stop, or cut by max_tokens. */
export type FinishReason = 'stop' | 'length';

/** Everything decided about one completion when it arrives. */
export interface CompletionPlan {
  /** `chatcmpl-` + 16 seeded hex digits + 8 hex digits of the index: unique per request. */
  id: string;
  /** Arrival order among accepted completions, from 0; seeds this request's randomness. */
  index: number;
  /** Epoch seconds, as in OpenAI's `created`. */
  created: number;
  /** Model named in the response. */
  model: string;
  stream: boolean;
  includeUsage: boolean;
  promptTokens: number;
  /** Output tokens, reasoning included. */
  completionTokens: number;
  /** The first `reasoningTokens` output tokens are reasoning_content. */
  reasoningTokens: number;
  finishReason: FinishReason;
  /** SSE output events (reasoning and content) the stream will carry. */
  events: number;
  fault: Fault;
  /** Seeded text source of this response. */
  text: TextGenerator;
}

export type PlanResult = { ok: true; plan: CompletionPlan } | { ok: false; error: ApiError };

// A separate random stream for faults, so turning faults on does not change any text.
const FAULT_SALT = 0x5eed_fa17;

type PlanOptions = Pick<
  SimulatorOptions,
  | 'models'
  | 'flavor'
  | 'seed'
  | 'contextTokens'
  | 'tokensPerEvent'
  | 'reasoning'
  | 'reasoningShare'
  | 'outputTokens'
  | 'cotOutputTokens'
  | 'outputTokensJitter'
  | 'faultStatus500Rate'
  | 'faultStatus503Rate'
  | 'faultStatus429Rate'
  | 'faultCutRate'
  | 'faultMalformedRate'
  | 'faultStallRate'
  | 'faultStallMs'
>;

/**
 * Decides model, token counts, finish reason, fault and text source of one request.
 * Randomness comes only from (seed, index), so the same request sequence gives the same plans.
 */
export function planCompletion(
  request: ChatRequest,
  options: PlanOptions,
  index: number,
  createdS: number,
): PlanResult {
  const defaultModel = options.models[0] as string;
  const model = request.model ?? defaultModel;
  // llama-server answers any model name with its loaded model; vLLM and OpenAI answer 404.
  if (options.flavor !== 'llamacpp' && !options.models.includes(model)) {
    return {
      ok: false,
      error: {
        status: 404,
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    };
  }

  const random = createRandom(mixSeed(options.seed, index));
  const id = `chatcmpl-${random.hex32()}${random.hex32()}${index.toString(16).padStart(8, '0')}`;
  const prompt = analyzePrompt(request.messages);
  const room = options.contextTokens - prompt.promptTokens;
  if (options.flavor !== 'llamacpp' && (room < 1 || (request.maxTokens ?? 0) > room)) {
    const asked = request.maxTokens ?? 0;
    return {
      ok: false,
      error: invalidRequest(
        `This model's maximum context length is ${options.contextTokens} tokens. However, you ` +
          `requested ${prompt.promptTokens + asked} tokens (${prompt.promptTokens} in the messages, ` +
          `${asked} in the completion). Please reduce the length of the messages or completion.`,
        request.maxTokensParam ?? 'messages',
        'context_length_exceeded',
      ),
    };
  }

  const natural = defaultOutputTokens(options, prompt.chainOfThought, random);
  // A given max_tokens is always reached (as if the model would have said more), so token
  // counts are exact. Generation never runs past the context window (llama.cpp stops there
  // too), and hitting it finishes with `length`.
  const limit = Math.max(1, room);
  const wanted = request.maxTokens ?? natural;
  const completionTokens = Math.min(wanted, limit);
  const finishReason: FinishReason =
    request.maxTokens !== null || natural > limit ? 'length' : 'stop';
  const reasoningTokens = options.reasoning
    ? Math.min(completionTokens, Math.round(completionTokens * options.reasoningShare))
    : 0;
  const perEvent = options.tokensPerEvent;
  const events =
    Math.ceil(reasoningTokens / perEvent) +
    Math.ceil((completionTokens - reasoningTokens) / perEvent);
  const faultRandom = createRandom(mixSeed(options.seed ^ FAULT_SALT, index));
  const fault = drawFault(faultRandom, options, {
    stream: request.stream,
    events,
    outputTokens: completionTokens,
  });

  return {
    ok: true,
    plan: {
      id,
      index,
      created: createdS,
      model,
      stream: request.stream,
      includeUsage: request.includeUsage,
      promptTokens: prompt.promptTokens,
      completionTokens,
      reasoningTokens,
      finishReason,
      events,
      fault,
      text: createTextGenerator(random),
    },
  };
}
