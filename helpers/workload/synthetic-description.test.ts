import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLES,
  drawLength,
  parseSyntheticDescription,
  SYNTHETIC_KEYS,
} from './synthetic-description.js';
import { createWorkloadRandom } from './workload-random.js';

describe('parseSyntheticDescription', () => {
  it("reads GuideLLM's full description with its key names", () => {
    const result = parseSyntheticDescription(
      'prompt_tokens=512,prompt_tokens_stdev=64,prompt_tokens_min=256,prompt_tokens_max=1024,' +
        'output_tokens=128,output_tokens_stdev=16,output_tokens_min=1,output_tokens_max=256,samples=50',
    );
    expect(result).toMatchObject({
      ok: true,
      description: {
        promptTokens: { mean: 512, stdev: 64, min: 256, max: 1024 },
        outputTokens: { mean: 128, stdev: 16, min: 1, max: 256 },
        samples: 50,
      },
    });
  });

  it("takes GuideLLM's default bounds: 5 stdev either side, at least 1; the mean without a stdev", () => {
    const result = parseSyntheticDescription(
      'prompt_tokens=100,prompt_tokens_stdev=30,output_tokens=64',
    );
    expect(result).toMatchObject({
      ok: true,
      description: {
        promptTokens: { mean: 100, stdev: 30, min: 1, max: 250 },
        outputTokens: { mean: 64, stdev: null, min: 64, max: 64 },
        samples: DEFAULT_SAMPLES,
      },
    });
  });

  it('leaves the output length to the server when output_tokens is not given', () => {
    const result = parseSyntheticDescription('prompt_tokens=32');
    expect(result.ok && result.description.outputTokens).toBeNull();
  });

  it('refuses an unknown key, listing the known ones', () => {
    const result = parseSyntheticDescription('prompt_tokens=32,prompt_token_max=40');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      `unknown key "prompt_token_max"; known keys: ${SYNTHETIC_KEYS.join(', ')}`,
    ]);
  });

  it('says what to do instead of a GuideLLM key it does not implement', () => {
    const result = parseSyntheticDescription('prompt_tokens=32,turns=3');
    expect(result.ok ? [] : result.problems).toEqual([
      `GuideLLM's "turns" is not supported here: use TURNS=N instead`,
    ]);
  });

  it('lists every problem at once: a bad value, a missing prompt_tokens, min above max', () => {
    const result = parseSyntheticDescription(
      'output_tokens=abc,output_tokens_min=9,samples=0,prompt_tokens_min=10,prompt_tokens_max=5',
    );
    expect(result.ok ? [] : result.problems).toEqual([
      '"output_tokens" must be a whole number >= 1, got "abc"',
      '"samples" must be a whole number >= 1, got "0"',
      '"prompt_tokens" is required, e.g. prompt_tokens=512,output_tokens=128',
      '"output_tokens" is required when output_tokens_stdev, _min or _max is given',
    ]);
  });

  it('refuses min above max', () => {
    const result = parseSyntheticDescription(
      'prompt_tokens=10,prompt_tokens_min=20,prompt_tokens_max=15',
    );
    expect(result.ok ? [] : result.problems).toEqual([
      'prompt_tokens_min (20) must not exceed prompt_tokens_max (15)',
    ]);
  });
});

describe('drawLength', () => {
  it('draws a normal distribution with the given mean and stdev, clamped to the bounds', () => {
    const random = createWorkloadRandom(7);
    const d = { mean: 512, stdev: 64, min: 400, max: 700 };
    const draws = Array.from({ length: 20_000 }, () => drawLength(d, random));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const unclamped = draws.filter((x) => x > 400 && x < 700);
    const sd = Math.sqrt(unclamped.reduce((a, x) => a + (x - mean) ** 2, 0) / unclamped.length);
    expect(Math.min(...draws)).toBe(400);
    expect(Math.max(...draws)).toBe(700);
    expect(mean).toBeGreaterThan(505);
    expect(mean).toBeLessThan(519);
    // Clamping at 400 (1.75 sd) trims the tails a little: the spread stays near 64.
    expect(sd).toBeGreaterThan(55);
    expect(sd).toBeLessThan(66);
    expect(draws.every(Number.isInteger)).toBe(true);
  });

  it('draws uniformly between min and max without a stdev, and the bound when they meet', () => {
    const random = createWorkloadRandom(3);
    const draws = Array.from({ length: 2000 }, () =>
      drawLength({ mean: 15, stdev: null, min: 10, max: 20 }, random),
    );
    expect(new Set(draws)).toEqual(new Set([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]));
    expect(drawLength({ mean: 64, stdev: null, min: 64, max: 64 }, random)).toBe(64);
  });
});
