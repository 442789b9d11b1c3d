import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import type { SlaResult } from '../sla/check-sla.js';
import { slaDecision } from '../sla/sla-decision.js';
import type { SaturationSignal, StepSla, StepVerdict } from './capacity-result.js';

/** A step's verdict and what decided it. */
export interface StepJudgement {
  verdict: StepVerdict;
  /** Point estimates alone: every SLA's measured value passes and no server signal. */
  pointVerdict: 'pass' | 'fail';
  decidedBy: string | null;
  slas: StepSla[];
  signals: SaturationSignal[];
}

/**
 * Judges a step: the generator's own limit first (the step then says nothing about the
 * server), then an SLA decided to fail, then a server saturation signal, then any SLA still
 * undecided; a pass only when every SLA is decided to pass.
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
  const base = { pointVerdict, slas, signals: [...signals] };
  const generator = signals.find((s) => s.source === 'generator');
  if (generator) return { ...base, verdict: 'generator-limit', decidedBy: generator.detail };
  const failed = slas.find((s) => s.decision === 'fail');
  if (failed) return { ...base, verdict: 'fail', decidedBy: failed.line };
  const saturated = server[0];
  if (saturated) return { ...base, verdict: 'fail', decidedBy: `saturated: ${saturated.detail}` };
  const undecided = results.find((r) => slaDecision(r).verdict === 'undecided');
  if (undecided) {
    return {
      ...base,
      verdict: 'undecided',
      decidedBy: `${slaDecision(undecided).why}: ${formatSlaAnnotation(undecided)}`,
    };
  }
  return { ...base, verdict: 'pass', decidedBy: null };
}
