import { MetricsError, type MetricsErrorCode } from './metrics-error.js';
import type { MetricKind } from './record-sample.js';

/** Comparison of a threshold; k6's `===` is read as `==`. */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Aggregation names other than p(N). */
export type NamedAggregation = 'avg' | 'med' | 'min' | 'max' | 'count' | 'rate';

/** What a threshold measures: a named aggregation or the percentile p(pct). */
export type Aggregation =
  | { readonly kind: NamedAggregation }
  | { readonly kind: 'percentile' /** In [0, 100]. */; readonly pct: number };

/** A parsed k6 threshold expression such as `p(95)<1000`. */
export interface Threshold {
  /** The expression as written. */
  readonly source: string;
  /** Left-hand side. */
  readonly aggregation: Aggregation;
  /** Comparison. */
  readonly operator: ComparisonOperator;
  /** Right-hand side, in the metric's unit. */
  readonly value: number;
}

const NAMED: readonly NamedAggregation[] = ['avg', 'med', 'min', 'max', 'count', 'rate'];
const OPERATORS = ['===', '==', '!=', '<=', '>=', '<', '>'] as const;
const AGGREGATIONS_BY_KIND: Record<MetricKind, string> = {
  trend: 'avg, med, min, max, p(N), count',
  rate: 'rate, count',
  counter: 'count, rate (per second)',
  gauge: 'avg, med, min, max, p(N), count (of the sampled values)',
};
const EXAMPLE_BY_KIND: Record<MetricKind, string> = {
  trend: 'p(95)<1000',
  rate: 'rate<0.02',
  counter: 'count<1',
  gauge: 'max<100',
};

/**
 * Parses a k6 threshold expression: `AGGREGATION OPERATOR NUMBER`, spaces allowed between
 * the parts (`p(95) < 1000`). Aggregations: avg, med, min, max, count, rate, p(N) with N in
 * [0, 100]; operators: < <= > >= == != (and k6's ===). When `kind` is given, also checks that
 * the aggregation fits that metric kind. Throws `MetricsError` naming the wrong part.
 */
export function parseThreshold(text: string, kind?: MetricKind): Threshold {
  const example = EXAMPLE_BY_KIND[kind ?? 'trend'];
  const fail = (code: MetricsErrorCode, problem: string, position: number | null) =>
    new MetricsError(code, `Threshold "${text}": ${problem}`, { input: text, position, example });
  const skipSpace = (from: number): number => {
    let i = from;
    while (i < text.length && /\s/.test(text[i] as string)) i += 1;
    return i;
  };

  let at = skipSpace(0);
  if (at === text.length) {
    throw fail('threshold-empty', 'is empty; write AGGREGATION OPERATOR NUMBER.', null);
  }

  let aggregation: Aggregation;
  const rest = text.slice(at);
  const pMatch = /^p\s*\(([^)]*)\)/.exec(rest);
  if (pMatch) {
    const pctText = (pMatch[1] as string).trim();
    const pct = Number(pctText);
    if (!/^\d+(\.\d+)?$/.test(pctText) || pct > 100) {
      throw fail(
        'threshold-bad-percentile',
        `percentile "${pctText}" must be a number from 0 to 100, as in p(95) or p(99.9).`,
        at,
      );
    }
    aggregation = { kind: 'percentile', pct };
    at += pMatch[0].length;
  } else {
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0] ?? '';
    const named = NAMED.find((n) => n === word);
    if (!named) {
      // p95 or p99.9 without parentheses; read from `rest`, as the word stops at the dot.
      const p = /^p(\d+(?:\.\d+)?)(?![\w.])/.exec(rest);
      const hint = p ? ` Write percentiles as p(${p[1]}).` : '';
      const shown = p ? p[0] : word === '' ? rest.slice(0, 1) : word;
      throw fail(
        'threshold-unknown-aggregation',
        `unknown aggregation "${shown}".${hint} Use one of avg, med, min, max, count, rate, p(N).`,
        at,
      );
    }
    aggregation = { kind: named };
    at += word.length;
  }

  at = skipSpace(at);
  const op = OPERATORS.find((o) => text.startsWith(o, at));
  if (!op) {
    const found = text.slice(at, at + 1);
    const hint = found === '=' ? ' Use == for equality.' : '';
    throw fail(
      'threshold-missing-operator',
      `expected an operator (< <= > >= == !=) after "${text.slice(0, at).trim()}".${hint}`,
      at,
    );
  }
  at = skipSpace(at + op.length);

  const valueText = text.slice(at).trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(valueText)) {
    const unitHint = /^[+-]?[\d.]+[a-zA-Z%]+$/.test(valueText)
      ? " Values are plain numbers in the metric's unit (ms for durations, 0.02 for 2%)."
      : '';
    throw fail(
      'threshold-bad-value',
      `expected a number after "${op}", got "${valueText}".${unitHint}`,
      Math.min(at, text.length),
    );
  }

  const threshold: Threshold = {
    source: text,
    aggregation,
    operator: op === '===' ? '==' : op,
    value: Number(valueText),
  };
  if (kind !== undefined) assertThresholdFits(threshold, kind);
  return threshold;
}

/**
 * Throws `threshold-aggregation-mismatch` unless the aggregation fits the metric kind:
 * trends take avg, med, min, max, p(N), count; rates take rate, count; counters count, rate.
 */
export function assertThresholdFits(threshold: Threshold, kind: MetricKind, metric = ''): void {
  const agg = threshold.aggregation.kind;
  const fits =
    agg === 'count' ||
    ((kind === 'trend' || kind === 'gauge') && agg !== 'rate') ||
    (kind === 'rate' && agg === 'rate') ||
    (kind === 'counter' && agg === 'rate');
  if (fits) return;
  const subject = metric === '' ? `a ${kind}` : `${metric} (a ${kind})`;
  throw new MetricsError(
    'threshold-aggregation-mismatch',
    `Threshold "${threshold.source}": ${aggregationLabel(threshold.aggregation)} does not apply ` +
      `to ${subject}; use ${AGGREGATIONS_BY_KIND[kind]}.`,
    { input: threshold.source, position: 0, example: EXAMPLE_BY_KIND[kind] },
  );
}

/** The aggregation as k6 writes it: `p(95)`, `avg`, `rate`. */
export function aggregationLabel(aggregation: Aggregation): string {
  return aggregation.kind === 'percentile' ? `p(${aggregation.pct})` : aggregation.kind;
}

/** True when `measured OPERATOR value` holds. */
export function compare(measured: number, operator: ComparisonOperator, value: number): boolean {
  switch (operator) {
    case '<':
      return measured < value;
    case '<=':
      return measured <= value;
    case '>':
      return measured > value;
    case '>=':
      return measured >= value;
    case '==':
      return measured === value;
    case '!=':
      return measured !== value;
  }
}
