import { describe, expect, it } from 'vitest';
import { constantArrivalRate } from './arrival-schedule.js';
import { planArrivals } from './plan-arrivals.js';
import { shardArrivals } from './shard-arrivals.js';

describe('shardArrivals whole-number check', () => {
  const plan = planArrivals(constantArrivalRate(4, 1000), { kind: 'even' });

  it('refuses a fractional count, a count of 0 and a fractional index, naming the shard', () => {
    for (const [index, count] of [
      [1, 2.5],
      [0, 0],
      [1.5, 2],
    ] as const) {
      expect(() => shardArrivals(plan, { index, count })).toThrow(
        new RangeError(
          `shard ${index}/${count}: index and count must be whole numbers, count >= 1`,
        ),
      );
    }
  });

  it('takes a single shard, 1 of 1, as the whole plan', () => {
    const share = shardArrivals(plan, { index: 1, count: 1 });
    expect([...share.offsetsMs]).toEqual([0, 250, 500, 750]);
  });
});
