import type { NumberLimit } from '../metrics/format-number.js';
import { parseThreshold } from '../metrics/parse-threshold.js';

/** The operator and value of an SLA's threshold (`p(95)<1000` -> `< 1000`); null if unreadable. */
export function slaLimit(threshold: string): NumberLimit | null {
  try {
    const parsed = parseThreshold(threshold);
    return { operator: parsed.operator, value: parsed.value };
  } catch {
    return null;
  }
}
