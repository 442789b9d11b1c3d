/** Stable codes for a problem found in a load schedule or runner option. */
export type LoadIssueCode =
  | 'not-a-number'
  | 'negative'
  | 'not-integer'
  | 'below-minimum'
  | 'arrival-out-of-order'
  | 'arrival-outside-schedule';

/** One problem with one field: what is wrong, the value found, and how to fix it. */
export interface LoadIssue {
  /** Stable code, for programs. */
  code: LoadIssueCode;
  /** Path of the field, e.g. `stages[2].targetRatePerSec`. */
  field: string;
  /** The value found. */
  value: unknown;
  /** What to do instead, e.g. `use a rate >= 0 per second`. */
  fix: string;
}

/**
 * Thrown when a schedule or runner option is invalid. Every problem is listed at once, so a
 * user fixes the whole configuration in one go.
 */
export class LoadConfigError extends Error {
  /** Stable code of this error class. */
  readonly code = 'LOAD_INVALID_CONFIG';
  readonly issues: readonly LoadIssue[];

  constructor(issues: readonly LoadIssue[]) {
    super(
      `Invalid load configuration:\n${issues.map((issue) => `  - ${formatLoadIssue(issue)}`).join('\n')}`,
    );
    this.name = 'LoadConfigError';
    this.issues = issues;
  }
}

/** `stages[1].targetRatePerSec is -5: use a rate >= 0 per second` */
export function formatLoadIssue(issue: LoadIssue): string {
  return `${issue.field} is ${formatValue(issue.value)}: ${issue.fix}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}

/** Adds an issue when `value` is not a finite number >= `min` (and an integer when asked). */
export function checkNumber(
  issues: LoadIssue[],
  field: string,
  value: unknown,
  rule: { min: number; integer?: boolean; unit: string },
): void {
  const fix = `use ${rule.integer ? 'an integer' : 'a number'} >= ${rule.min}${rule.unit === '' ? '' : ` ${rule.unit}`}`;
  if (typeof value !== 'number' || Number.isNaN(value) || !Number.isFinite(value)) {
    issues.push({ code: 'not-a-number', field, value, fix });
  } else if (value < rule.min) {
    issues.push({ code: rule.min === 0 ? 'negative' : 'below-minimum', field, value, fix });
  } else if (rule.integer === true && !Number.isInteger(value)) {
    issues.push({ code: 'not-integer', field, value, fix });
  }
}
