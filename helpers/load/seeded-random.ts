import { checkNumber, LoadConfigError, type LoadIssue } from './load-config-error.js';

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny 32-bit PRNG, fast and good enough for arrival jitter (period 2^32, far
 * more than the 3.6M draws of an hour at 1000/s). The same seed gives the same sequence on
 * every machine and Node version: it uses only 32-bit integer arithmetic.
 */
export function createSeededRandom(seed: number): RandomSource {
  // Any integer in [0, 2^53): the config's SEED has no upper bound.
  const issues: LoadIssue[] = [];
  checkNumber(issues, 'seed', seed, { min: 0, integer: true, unit: '' });
  if (issues.length === 0 && seed > Number.MAX_SAFE_INTEGER) {
    issues.push({ code: 'not-integer', field: 'seed', value: seed, fix: 'use an integer < 2^53' });
  }
  if (issues.length > 0) throw new LoadConfigError(issues);
  // Seeds below 2^32 are the state as is; larger ones fold their high bits in.
  let state = (seed ^ Math.floor(seed / 0x1_0000_0000)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A unit-rate exponential draw, -ln(1 - u); 1 - u is in (0, 1], so the log is finite. */
export function exponentialDraw(random: RandomSource): number {
  return -Math.log(1 - random());
}
