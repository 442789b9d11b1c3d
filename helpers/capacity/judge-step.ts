import { parseThreshold } from '../metrics/parse-threshold.js';
import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import type { SlaResult } from '../sla/check-sla.js';
import { slaDecision } from '../sla/sla-decision.js';
import type { SaturationSignal, StepSla, StepVerdict } from './capacity-result.js';

/** A step's verdict and what decided it. */
export interface StepJudgement {
  verdict: StepVerdict;
  /** Point estimates alone: every SLA's measured value passes and no server signal. */
  pointVerdict: 'pass' | 'fail';
  /**
   * Undecided only for want of samples (a percentile's limit side unbounded, or fewer than
   * MIN_SAMPLES) while every point estimate passes: more samples, not a lower load, decide it.
   */
  shortOfSamples: boolean;
  decidedBy: string | null;
  slas: StepSla[];
  signals: SaturationSignal[];
}

/**
 * Judges a step. The load not delivered (the generator started too few arrivals): the step
 * says nothing about the server. Else an SLA decided to fail or a server saturation signal
 * fails it, as long as a lagging generator cannot explain it: a client that runs late also
 * stamps its latencies late, so a latency SLA fails the server only when even its CI's best
 * side misses the limit by more than the generator's p95 lag. Else a lagging generator makes
 * the step say nothing (a pass it could not vouch for), then any SLA still undecided; a pass
 * only when every SLA is decided to pass.
 */
export function judgeStep(
  results: readonly SlaResult[],
  signals: readonly SaturationSignal[],
): StepJudgement {
  const slas: StepSla[] = results.map((r) => ({
    selector: r.selector,
    threshold: r.threshold,
    status: r.status,
    decision: slaDecision(r).verdict,
    measured: r.measured,
    interval: r.interval,
    n: r.n,
    line: formatSlaAnnotation(r),
  }));
  const server = signals.filter((s) => s.source === 'server');
  const pointVerdict: 'pass' | 'fail' =
    results.every((r) => r.status === 'pass') && server.length === 0 ? 'pass' : 'fail';
  const decisions = results.map(slaDecision);
  const shortOfSamples =
    pointVerdict === 'pass' &&
    decisions.every((d) => d.verdict !== 'undecided' || d.cause === 'too-few') &&
    decisions.some((d) => d.verdict === 'undecided');
  const base = { pointVerdict, shortOfSamples, slas, signals: [...signals] };
  const short = signals.find((s) => s.kind === 'generator-short-of-rate');
  if (short) return { ...base, verdict: 'generator-limit', decidedBy: short.detail };
  const lagMs = signals.find((s) => s.kind === 'generator-lagging')?.lagP95Ms ?? 0;
  const failedIndex = results.findIndex(
    (r, i) => slas[i]?.decision === 'fail' && !explainedByLag(r, lagMs),
  );
  const failed = failedIndex === -1 ? undefined : slas[failedIndex];
  if (failed) return { ...base, verdict: 'fail', decidedBy: failed.line };
  // A late client sees a queue of its own making: server signals count only without lag.
  const saturated = lagMs > 0 ? undefined : server[0];
  if (saturated) return { ...base, verdict: 'fail', decidedBy: `saturated: ${saturated.detail}` };
  const lagging = signals.find((s) => s.source === 'generator');
  if (lagging) return { ...base, verdict: 'generator-limit', decidedBy: lagging.detail };
  const undecided = results.find((r) => slaDecision(r).verdict === 'undecided');
  if (undecided) {
    return {
      ...base,
      verdict: 'undecided',
      // Short: the full line of each SLA is in `slas`.
      decidedBy: `${undecided.metric} ${slaDecision(undecided).why}`,
    };
  }
  return { ...base, verdict: 'pass', decidedBy: null };
}

/**
 * Whether a generator lag of `lagMs` could explain this failed SLA: a latency (ms) limit
 * missed, on the CI's side nearest the limit, by no more than the lag. Failures, drops and
 * other units are not explained by lag.
 */
function explainedByLag(result: SlaResult, lagMs: number): boolean {
  if (lagMs <= 0 || result.unit !== 'ms' || result.measured === null) return false;
  const { operator, value } = parseThreshold(result.threshold);
  if (operator !== '<' && operator !== '<=') return false;
  const nearest = result.interval?.lower ?? result.measured;
  return nearest - value <= lagMs;
}
