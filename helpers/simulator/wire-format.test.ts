import { describe, expect, it } from 'vitest';
import type { CompletionPlan } from './completion-plan.js';
import { createRandom } from './random.js';
import { createTextGenerator } from './text-generator.js';
import { createStreamFormat, nonStreamBody } from './wire-format.js';

const plan: CompletionPlan = {
  id: 'chatcmpl-abc',
  index: 0,
  created: 1700000000,
  model: 'model "quoted"',
  stream: true,
  includeUsage: true,
  promptTokens: 5,
  completionTokens: 4,
  reasoningTokens: 1,
  finishReason: 'length',
  events: 4,
  fault: { kind: 'none' },
  text: createTextGenerator(createRandom(1)),
};

const parseEvent = (event: string): Record<string, unknown> => {
  expect(event.startsWith('data: ')).toBe(true);
  expect(event.endsWith('\n\n')).toBe(true);
  return JSON.parse(event.slice(6)) as Record<string, unknown>;
};

describe('createStreamFormat', () => {
  const format = createStreamFormat(plan, 'openai');

  it('builds a content event equal to the JSON it stands for', () => {
    expect(parseEvent(format.contentEvent(' hi\\n'))).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'model "quoted"',
      choices: [{ index: 0, delta: { content: ' hi\n' }, logprobs: null, finish_reason: null }],
    });
  });

  it('builds the role event with an empty content', () => {
    expect(parseEvent(format.roleEvent)).toMatchObject({
      choices: [{ delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
  });

  it('carries reasoning in delta.reasoning_content', () => {
    expect(parseEvent(format.reasoningEvent('so'))).toMatchObject({
      choices: [{ delta: { reasoning_content: 'so' } }],
    });
  });

  it('builds the usage event with no choices and reasoning token details', () => {
    expect(parseEvent(format.usageEvent)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 4,
        total_tokens: 9,
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    });
  });

  it('puts usage and timings in the finish event for llama.cpp', () => {
    const timings = {
      prompt_n: 5,
      prompt_ms: 1,
      prompt_per_second: 5000,
      predicted_n: 4,
      predicted_ms: 2,
      predicted_per_second: 2000,
    };
    const finish = parseEvent(createStreamFormat(plan, 'llamacpp').finishEvent(timings));
    expect(finish).toMatchObject({
      choices: [{ delta: {}, finish_reason: 'length' }],
      usage: { completion_tokens: 4 },
      timings,
    });
  });
});

describe('nonStreamBody', () => {
  it('is a chat.completion with message, finish_reason and usage', () => {
    expect(JSON.parse(nonStreamBody(plan, 'Hi.', 'Hmm', null))).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1700000000,
      model: 'model "quoted"',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi.', reasoning_content: 'Hmm' },
          logprobs: null,
          finish_reason: 'length',
        },
      ],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 4,
        total_tokens: 9,
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    });
  });
});
