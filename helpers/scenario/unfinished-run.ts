import type { ArrivalRunResult } from '../load/arrival-run-result.js';
import type { ArrivalPlan } from '../load/plan-arrivals.js';

/**
 * Why a scenario's SLAs are not judged: `scenario interrupted after 12 of 240 scheduled
 * arrivals (run interrupted by SIGTERM)` when its run stopped before the end of its profile;
 * null when the profile ran to its end. Partial data would judge a different load than the
 * SLA states (no ramp down, a short hold), so such a run is reported, not judged.
 */
export function unfinishedRunReason(
  arrivals: Pick<ArrivalRunResult, 'end' | 'scheduled'>,
  plan: Pick<ArrivalPlan, 'expectedCount' | 'pattern'>,
): string | null {
  if (arrivals.end.kind !== 'stopped') return null;
  const planned =
    plan.pattern.kind === 'poisson'
      ? `about ${Math.round(plan.expectedCount)}`
      : String(plan.expectedCount);
  return (
    `scenario interrupted after ${arrivals.scheduled} of ${planned} scheduled arrivals ` +
    `(${arrivals.end.reason})`
  );
}
