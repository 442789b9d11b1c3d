import { describe, expect, it } from 'vitest';
import { createRandom, mixSeed } from './random.js';

const draw = (seed: number, n: number): number[] => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(42, 20)).toEqual(draw(42, 20));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw(42, 20)).not.toEqual(draw(43, 20));
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const values = draw(7, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('draws integers within inclusive bounds, reaching both ends', () => {
    const random = createRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(random.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('formats hex32 as 8 lowercase hex digits', () => {
    expect(createRandom(1).hex32()).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('mixSeed', () => {
  it('gives distinct seeds for neighbouring indexes', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => mixSeed(1, i)));
    expect(seeds.size).toBe(1000);
  });
});
