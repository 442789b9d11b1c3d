import { describe, expect, it } from 'vitest';
import { drawFault } from './faults.js';
import { createRandom } from './random.js';

const NO_FAULTS = {
  faultStatus500Rate: 0,
  faultStatus503Rate: 0,
  faultStatus429Rate: 0,
  faultCutRate: 0,
  faultMalformedRate: 0,
  faultStallRate: 0,
  faultStallMs: 500,
};
const SHAPE = { stream: true, events: 10, outputTokens: 10 };

describe('drawFault', () => {
  it('draws no fault when every rate is 0', () => {
    const random = createRandom(1);
    for (let i = 0; i < 100; i++)
      expect(drawFault(random, NO_FAULTS, SHAPE)).toEqual({ kind: 'none' });
  });

  it('gives each fault close to its rate', () => {
    const random = createRandom(2);
    const rates = { ...NO_FAULTS, faultStatus500Rate: 0.2, faultCutRate: 0.3 };
    const counts: Record<string, number> = {};
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const kind = drawFault(random, rates, SHAPE).kind;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect((counts.status ?? 0) / n).toBeCloseTo(0.2, 1);
    expect((counts.cut ?? 0) / n).toBeCloseTo(0.3, 1);
    expect((counts.none ?? 0) / n).toBeCloseTo(0.5, 1);
  });

  it('places a cut strictly inside the stream', () => {
    const random = createRandom(3);
    for (let i = 0; i < 200; i++) {
      const fault = drawFault(random, { ...NO_FAULTS, faultCutRate: 1 }, SHAPE);
      if (fault.kind !== 'cut') throw new Error('expected a cut');
      expect(fault.afterEvents).toBeGreaterThanOrEqual(1);
      expect(fault.afterEvents).toBeLessThanOrEqual(9);
    }
  });

  it('carries the stall length and a mid-stream position, counted in output tokens', () => {
    // Tokens outnumber events here: positions past 5 show the count is tokens, not events.
    const shape = { stream: true, events: 5, outputTokens: 40 };
    const random = createRandom(4);
    const positions = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const fault = drawFault(random, { ...NO_FAULTS, faultStallRate: 1 }, shape);
      if (fault.kind !== 'stall') throw new Error('expected a stall');
      expect(fault.stallMs).toBe(500);
      positions.add(fault.afterTokens);
    }
    // Every position from after the first token to before the last, and no other.
    expect([...positions].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 39 }, (_, i) => i + 1),
    );
  });

  it('injects 429 with its own rate', () => {
    const fault = drawFault(createRandom(5), { ...NO_FAULTS, faultStatus429Rate: 1 }, SHAPE);
    expect(fault).toEqual({ kind: 'status', status: 429 });
  });
});
