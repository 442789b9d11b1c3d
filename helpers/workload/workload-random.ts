/** A seeded source of random draws for workloads: the same seed gives the same prompts. */
export interface WorkloadRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Normal draw (Box-Muller) with the given mean and standard deviation. */
  normal(mean: number, stdev: number): number;
}

/**
 * mulberry32, the generator load/seeded-random.ts uses for arrivals; kept here so workload/
 * (floor 2) does not reach up into load/. `stream` separates independent sequences drawn
 * from one seed (prompt lengths, output lengths, words).
 */
export function createWorkloadRandom(seed: number, stream = 0): WorkloadRandom {
  let state = (seed ^ Math.floor(seed / 0x1_0000_0000) ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal(mean, stdev) {
      // 1 - u is in (0, 1]: the log is finite.
      const u = 1 - next();
      const v = next();
      return mean + stdev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
