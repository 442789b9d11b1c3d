import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import {
  decodeIntervalMs,
  defaultOutputTokens,
  nextStepTargetMs,
  prefillMs,
} from './timing-model.js';

describe('prefillMs', () => {
  it('is base plus per-token time times prompt tokens plus the extra TTFT', () => {
    expect(prefillMs({ prefillBaseMs: 20, prefillPerTokenMs: 0.5, extraTtftMs: 7 }, 100)).toBe(77);
  });
});

describe('decodeIntervalMs', () => {
  it('grows linearly with the number of active sequences', () => {
    const options = { decodeBaseMs: 10, decodePerActiveMs: 0.25 };
    expect(decodeIntervalMs(options, 1)).toBe(10.25);
    expect(decodeIntervalMs(options, 8)).toBe(12);
  });
});

describe('nextStepTargetMs', () => {
  it('keeps an absolute grid when the step was only slightly late', () => {
    expect(nextStepTargetMs(100, 100.3, 10)).toBe(110);
  });

  it('rebases to the real start when the step was more than half an interval late', () => {
    expect(nextStepTargetMs(100, 108, 10)).toBe(118);
  });
});

describe('defaultOutputTokens', () => {
  const options = { outputTokens: 100, cotOutputTokens: 400, outputTokensJitter: 0.25 };

  it('stays within the typical length +/- jitter for plain prompts', () => {
    const random = createRandom(5);
    for (let i = 0; i < 500; i++) {
      const n = defaultOutputTokens(options, false, random);
      expect(n).toBeGreaterThanOrEqual(75);
      expect(n).toBeLessThanOrEqual(125);
    }
  });

  it('uses the chain-of-thought length for chain-of-thought prompts', () => {
    const n = defaultOutputTokens(options, true, createRandom(5));
    expect(n).toBeGreaterThanOrEqual(300);
    expect(n).toBeLessThanOrEqual(500);
  });

  it('is exactly the typical length when jitter is 0', () => {
    const exact = { ...options, outputTokensJitter: 0 };
    expect(defaultOutputTokens(exact, false, createRandom(9))).toBe(100);
  });
});
