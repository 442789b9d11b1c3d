import { formatNumberAgainst } from '../metrics/format-number.js';
import type { SlaResult } from '../sla/check-sla.js';
import { formatSlaInterval } from '../sla/format-sla-interval.js';
import { slaLimit } from '../sla/sla-limit.js';

/**
 * One line for a CI page: `PASS p(95) llm_ttft_ms = 812 ms, 95% CI 790-845 (limit p(95)<1000,
 * n=118)`. The value follows the reports' one rounding rule (`formatNumberAgainst`, as the SLA
 * message).
 */
export function formatSlaAnnotation(result: SlaResult): string {
  const verdict = result.status === 'pass' ? 'PASS' : 'FAIL';
  if (result.status === 'no-samples') {
    return `${verdict} ${result.selector}: no samples (${result.reason}); limit ${result.threshold}`;
  }
  const perSec = result.kind === 'counter' && result.aggregation === 'rate' ? '/s' : '';
  const unit =
    result.unit === 'ms' ? ' ms' : result.unit === 'ratio' ? '' : ` ${result.unit}${perSec}`;
  const measured = formatNumberAgainst(result.measured, slaLimit(result.threshold));
  const note =
    result.status === 'too-few-samples' ? `, too few to judge (min ${result.minSamples})` : '';
  const interval = result.interval === null ? '' : `, ${formatSlaInterval(result.interval)}`;
  return `${verdict} ${result.aggregation} ${result.selector} = ${measured}${unit}${interval} (limit ${result.threshold}, n=${result.n}${note})`;
}
