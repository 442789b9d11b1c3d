import { compare, parseThreshold } from '../metrics/parse-threshold.js';
import type { SlaResult } from './check-sla.js';

/**
 * An SLA verdict with its statistical certainty: `pass` or `fail` only when the 95% confidence
 * interval of a percentile lies wholly on one side of the limit; `undecided` when it straddles
 * the limit or there are too few samples to judge. Aggregations without an interval (rate,
 * count, avg, ...) are decided by their measured value.
 */
export type SlaDecision =
  | { verdict: 'pass' | 'fail'; why: string }
  | {
      verdict: 'undecided';
      /** too-few: more samples would decide it; straddles: the CI spans the limit. */
      cause: 'too-few' | 'straddles';
      why: string;
    };

export function slaDecision(result: SlaResult): SlaDecision {
  if (result.status === 'no-samples') return { verdict: 'fail', why: result.reason };
  if (result.status === 'too-few-samples') {
    return { verdict: 'undecided', cause: 'too-few', why: result.reason };
  }
  const interval = result.interval;
  if (interval === null) {
    return { verdict: result.status, why: `${result.aggregation} = ${result.measured}` };
  }
  const { operator, value } = parseThreshold(result.threshold);
  if (operator === '==' || operator === '!=') {
    return { verdict: result.status, why: `${result.aggregation} = ${result.measured}` };
  }
  // For `<`/`<=` the worst case is the upper bound; for `>`/`>=` the lower one.
  const upperIsWorst = operator === '<' || operator === '<=';
  const worst = upperIsWorst ? interval.upper : interval.lower;
  const best = upperIsWorst ? interval.lower : interval.upper;
  if (worst !== null && compare(worst, operator, value)) {
    return { verdict: 'pass', why: 'the whole 95% CI meets the limit' };
  }
  if (best !== null && !compare(best, operator, value)) {
    return { verdict: 'fail', why: 'the whole 95% CI misses the limit' };
  }
  return {
    verdict: 'undecided',
    cause: worst === null ? 'too-few' : 'straddles',
    why:
      worst === null
        ? `too few samples (n = ${result.n}) to bound ${result.aggregation} on the limit's side`
        : `the 95% CI of ${result.aggregation} straddles the limit ${result.threshold}`,
  };
}
