import type { Shard } from '../config/shards-config.js';
import type { ArrivalPlan } from './plan-arrivals.js';

/** A shard's share of a plan: the full plan's offsets dealt out, and which share it is. */
export interface ShardPlan extends ArrivalPlan {
  shard: Shard;
  /** Arrivals the full plan expects (all shards together). */
  fullExpectedCount: number;
}

/**
 * Deals out a plan like k6's execution segments dealt one by one: shard i of N takes arrivals
 * i, i + N, i + 2N, ... (1-based) of the one full plan, at the full plan's offsets, so the N
 * shards together run exactly the plan one process would. Lazy like the plan: each shard walks
 * the whole plan (cheap next to a request) and keeps its own.
 */
export function shardArrivals(plan: ArrivalPlan, shard: Shard): ShardPlan {
  const { index, count } = shard;
  if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index))) {
    throw new RangeError(
      `shard ${index}/${count}: index and count must be whole numbers, count >= 1`,
    );
  }
  if (index < 1 || index > count) {
    throw new RangeError(`shard ${index}/${count}: index must be from 1 to ${count} (1-based)`);
  }
  const skip = index - 1;
  return {
    pattern: plan.pattern,
    durationMs: plan.durationMs,
    // Arrival k (0-based) is this shard's when k % count === skip.
    expectedCount: Math.max(0, Math.ceil((plan.expectedCount - skip) / count)),
    fullExpectedCount: plan.expectedCount,
    shard,
    offsetsMs: {
      *[Symbol.iterator]() {
        let k = 0;
        for (const offsetMs of plan.offsetsMs) {
          if (k % count === skip) yield offsetMs;
          k += 1;
        }
      },
    },
  };
}
