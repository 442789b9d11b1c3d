import { describe, expect, it } from 'vitest';
import { analyzePrompt } from './analyze-prompt.js';

describe('analyzePrompt', () => {
  it('estimates 3 + per message (4 + ceil(chars / 4)) prompt tokens', () => {
    const result = analyzePrompt([
      { role: 'system', content: 'abcdefgh' }, // 8 chars -> 2
      { role: 'user', content: 'abcde' }, // 5 chars -> 2
    ]);
    expect(result.promptTokens).toBe(3 + (4 + 2) + (4 + 2));
  });

  it('counts the text parts of array content', () => {
    const result = analyzePrompt([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'abcd' },
          { type: 'image_url', image_url: { url: 'x' } },
          { type: 'text', text: 'efgh' },
        ],
      },
    ]);
    expect(result.promptTokens).toBe(3 + 4 + 2);
  });

  it.each([
    'Think step-by-step.',
    'Reason step by step before answering.',
    'Thought process: list your reasoning.',
    'Use a chain of thought.',
  ])('detects chain of thought in the system prompt %j', (system) => {
    const result = analyzePrompt([
      { role: 'system', content: system },
      { role: 'user', content: 'Why?' },
    ]);
    expect(result.chainOfThought).toBe(true);
  });

  it('ignores chain-of-thought words outside system and developer messages', () => {
    const result = analyzePrompt([{ role: 'user', content: 'Explain step by step.' }]);
    expect(result.chainOfThought).toBe(false);
  });
});
