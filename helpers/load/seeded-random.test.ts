import { describe, expect, it } from 'vitest';
import { createSeededRandom, exponentialDraw } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats its sequence for the same seed', () => {
    const a = createSeededRandom(123);
    const b = createSeededRandom(123);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('gives a known first value for seed 0, the same on every machine', () => {
    // mulberry32 uses only 32-bit integer arithmetic; this value pins the algorithm.
    expect(createSeededRandom(0)()).toBe(0.26642920868471265);
  });

  it('gives seeds above 2^32 their own sequence instead of wrapping onto a small seed', () => {
    expect(createSeededRandom(2 ** 32 + 5)()).not.toBe(createSeededRandom(5)());
    expect(createSeededRandom(2 ** 40)()).not.toBe(createSeededRandom(0)());
  });

  it('stays in [0, 1) with a mean near 1/2', () => {
    const random = createSeededRandom(9);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // Standard error of the mean of 100 000 uniforms ≈ 0.0009.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});

describe('exponentialDraw', () => {
  it('has mean 1', () => {
    const random = createSeededRandom(4);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += exponentialDraw(random);
    // Standard error ≈ 0.003.
    expect(Math.abs(sum / 100_000 - 1)).toBeLessThan(0.02);
  });

  it('stays finite when the uniform draw is 0', () => {
    expect(exponentialDraw(() => 0)).toBe(-0);
  });
});
