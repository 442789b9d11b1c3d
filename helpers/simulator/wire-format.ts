import type { CompletionPlan } from './completion-plan.js';
import type { SimulatorFlavor } from './simulator-options.js';

/** OpenAI's usage object. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Present when reasoning tokens were produced. */
  completion_tokens_details?: { reasoning_tokens: number };
}

/** llama.cpp's `timings` object (durations in ms). */
export interface LlamaTimings {
  prompt_n: number;
  prompt_ms: number;
  prompt_per_second: number;
  predicted_n: number;
  predicted_ms: number;
  predicted_per_second: number;
}

/** Pre-built SSE events of one streamed response. */
export interface StreamFormat {
  /** `delta: {role: "assistant", content: ""}`, sent on leaving the queue (openai flavor). */
  readonly roleEvent: string;
  /** An event carrying `delta.content`; `jsonText` is already JSON-escaped. */
  contentEvent(jsonText: string): string;
  /** An event carrying `delta.reasoning_content`; `jsonText` is already JSON-escaped. */
  reasoningEvent(jsonText: string): string;
  /** Empty delta with finish_reason; llama.cpp adds usage and timings here. */
  finishEvent(timings: LlamaTimings | null): string;
  /** `choices: []` plus usage, sent when stream_options.include_usage was true. */
  readonly usageEvent: string;
}

export const DONE_EVENT = 'data: [DONE]\n\n';
/** What a malformed-line fault writes. */
export const MALFORMED_EVENT = 'data: {not json\n\n';
/** Body of a non-stream response hit by the malformed fault. */
export const MALFORMED_BODY = '{not json';

export function usageOf(plan: CompletionPlan): Usage {
  const usage: Usage = {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
  if (plan.reasoningTokens > 0) {
    usage.completion_tokens_details = { reasoning_tokens: plan.reasoningTokens };
  }
  return usage;
}

/**
 * Builds the event templates once per response, so each token costs one string
 * concatenation instead of a JSON.stringify.
 */
export function createStreamFormat(plan: CompletionPlan, flavor: SimulatorFlavor): StreamFormat {
  const meta = `"id":"${plan.id}","object":"chat.completion.chunk","created":${plan.created},"model":${JSON.stringify(plan.model)}`;
  const choiceTail =
    flavor === 'llamacpp'
      ? '"finish_reason":null}]}\n\n'
      : '"logprobs":null,"finish_reason":null}]}\n\n';
  const contentHead = `data: {${meta},"choices":[{"index":0,"delta":{"content":"`;
  const reasoningHead = `data: {${meta},"choices":[{"index":0,"delta":{"reasoning_content":"`;
  const deltaTail = `"},${choiceTail}`;
  const usage = JSON.stringify(usageOf(plan));
  const finish = `"finish_reason":"${plan.finishReason}"`;
  return {
    roleEvent: `data: {${meta},"choices":[{"index":0,"delta":{"role":"assistant","content":""},${choiceTail}`,
    contentEvent: (jsonText) => contentHead + jsonText + deltaTail,
    reasoningEvent: (jsonText) => reasoningHead + jsonText + deltaTail,
    finishEvent: (timings) =>
      flavor === 'llamacpp'
        ? `data: {${meta},"choices":[{"index":0,"delta":{},${finish}}],"usage":${usage},"timings":${JSON.stringify(timings)}}\n\n`
        : `data: {${meta},"choices":[{"index":0,"delta":{},"logprobs":null,${finish}}]}\n\n`,
    usageEvent: `data: {${meta},"choices":[],"usage":${usage}}\n\n`,
  };
}

/** The whole `chat.completion` object of a non-stream response. */
export function nonStreamBody(
  plan: CompletionPlan,
  content: string,
  reasoning: string,
  timings: LlamaTimings | null,
): string {
  const message: Record<string, string> = { role: 'assistant', content };
  if (plan.reasoningTokens > 0) message.reasoning_content = reasoning;
  return JSON.stringify({
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
    usage: usageOf(plan),
    ...(timings === null ? {} : { timings }),
  });
}
