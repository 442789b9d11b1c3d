/** Stable codes for every error the metrics and SLA helpers throw. */
export type MetricsErrorCode =
  | 'selector-empty'
  | 'selector-bad-metric-name'
  | 'selector-unknown-metric'
  | 'selector-unbalanced-braces'
  | 'selector-empty-tag-list'
  | 'selector-tag-without-value'
  | 'selector-unknown-tag'
  | 'selector-duplicate-tag'
  | 'threshold-empty'
  | 'threshold-unknown-aggregation'
  | 'threshold-bad-percentile'
  | 'threshold-missing-operator'
  | 'threshold-bad-value'
  | 'threshold-aggregation-mismatch'
  | 'threshold-needs-duration'
  | 'sla-bad-option'
  | 'store-bad-value'
  | 'store-foreign-tag-set'
  | 'store-histogram-metric';

/** Where an error was found in the text the user wrote. */
export interface MetricsErrorDetails {
  /** The selector, threshold or field the error is about, as given. */
  input: string;
  /** 0-based index into `input` of the offending part, or null when the whole input is wrong. */
  position?: number | null;
  /** A valid example of what was expected. */
  example?: string;
}

/**
 * Error with a stable `code`. The message names the input, the part that is wrong and how to
 * fix it; a caret line points at `position` when there is one.
 */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';
  readonly code: MetricsErrorCode;
  readonly input: string;
  readonly position: number | null;
  readonly example: string | null;

  constructor(code: MetricsErrorCode, problem: string, details: MetricsErrorDetails) {
    super(formatMessage(problem, details));
    this.code = code;
    this.input = details.input;
    this.position = details.position ?? null;
    this.example = details.example ?? null;
  }
}

function formatMessage(problem: string, details: MetricsErrorDetails): string {
  const lines = [problem];
  if (details.position !== undefined && details.position !== null) {
    lines.push(`  ${details.input}`, `  ${' '.repeat(details.position)}^`);
  }
  if (details.example !== undefined) lines.push(`Valid example: ${details.example}`);
  return lines.join('\n');
}
