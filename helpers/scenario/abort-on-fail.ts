/** What ABORT_ON_FAIL judges by. */
export interface AbortOnFailLimits {
  /** SLA_FAILED_RATE: the SLA's limit on the failure rate. */
  maxFailedRate: number;
  /** MIN_SAMPLES: no verdict over fewer finished requests. */
  minRequests: number;
  /** ABORT_DELAY: no verdict before this long after the scenario's start, ms. */
  delayMs: number;
}

/**
 * The failure rate that counts as far over the SLA: 10 times SLA_FAILED_RATE, and at least
 * half the requests (so a 2% SLA stops at 50%, never on a few unlucky failures); at most 1.
 */
export function abortFailedRate(maxFailedRate: number): number {
  return Math.min(1, Math.max(0.5, 10 * maxFailedRate));
}

/**
 * k6's `abortOnFail` with `delayAbortEval`, for the failure rate: once `delayMs` has passed
 * and at least `minRequests` requests finished, a failure rate of `abortFailedRate` or more
 * stops the scenario. Returns why, or null to go on.
 */
export function abortOnFailReason(
  finished: number,
  failed: number,
  elapsedMs: number,
  limits: AbortOnFailLimits,
): string | null {
  if (elapsedMs < limits.delayMs || finished < limits.minRequests || finished === 0) return null;
  const rate = failed / finished;
  const limit = abortFailedRate(limits.maxFailedRate);
  if (rate < limit) return null;
  return (
    `ABORT_ON_FAIL stopped the scenario after ${(elapsedMs / 1000).toFixed(1)} s: ` +
    `${failed} of ${finished} requests failed (${formatPercent(rate)}), ` +
    `at least ${formatPercent(limit)} (10 x SLA_FAILED_RATE ${limits.maxFailedRate}, ` +
    'and at least 50%)'
  );
}

function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
