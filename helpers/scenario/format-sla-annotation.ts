import type { SlaResult } from '../sla/check-sla.js';
import { formatSlaInterval } from '../sla/format-sla-interval.js';

/** One line for a CI page: `PASS p(95) llm_ttft_ms = 812 ms, 95% CI 790-845 (limit p(95)<1000, n=118)`. */
export function formatSlaAnnotation(result: SlaResult): string {
  const verdict = result.status === 'pass' ? 'PASS' : 'FAIL';
  if (result.status === 'no-samples') {
    return `${verdict} ${result.selector}: no samples (${result.reason}); limit ${result.threshold}`;
  }
  const unit = result.unit === 'ms' ? ' ms' : result.unit === 'ratio' ? '' : ` ${result.unit}`;
  const measured = formatNumber(result.measured);
  const note =
    result.status === 'too-few-samples' ? `, too few to judge (min ${result.minSamples})` : '';
  const interval = result.interval === null ? '' : `, ${formatSlaInterval(result.interval)}`;
  return `${verdict} ${result.aggregation} ${result.selector} = ${measured}${unit}${interval} (limit ${result.threshold}, n=${result.n}${note})`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 1 ? value.toFixed(1) : value.toPrecision(3);
}
