import { asciiTable } from './ascii-table.js';
import type { BaselineComparison, BaselineRow, BaselineRowStatus } from './compare-baseline.js';
import { formatNumber } from './format-number.js';

const VERDICT: Record<BaselineRowStatus, string> = {
  ok: 'ok',
  regressed: 'REGRESSED',
  'missing-now': 'MISSING (no samples now)',
  'not-in-baseline': 'not in baseline',
  'not-applicable': 'n/a',
};

/** `10%` for 0.1. */
export function formatTolerance(tolerance: number): string {
  return `${formatNumber(tolerance * 100)}%`;
}

/**
 * One line per compared figure, for annotations (JUnit properties):
 * `REGRESSED p(95) llm_ttft_ms{...} = 1322 ms (baseline 812 ms, +62.8%, allowed <= 893 ms)`.
 */
export function formatBaselineRow(row: BaselineRow): string {
  const verdict = VERDICT[row.status];
  const unit = ` ${row.unit}`;
  const now = row.current === null ? 'no samples' : `${formatNumber(row.current)}${unit}`;
  if (row.baseline === null) return `${verdict} ${row.stat} ${row.key} = ${now} (not in baseline)`;
  const change = row.change === null ? '' : `, ${formatChange(row.change)}`;
  return (
    `${verdict} ${row.stat} ${row.key} = ${now} (baseline ${formatNumber(row.baseline)}${unit}` +
    `${change}, allowed ${allowedText(row)})`
  );
}

/**
 * The comparison as a multi-line report (the assertion message): a header naming the baseline
 * and the tolerance, then a table of figure, baseline, current, allowed bound, change, verdict.
 */
export function formatBaselineComparison(comparison: BaselineComparison): string {
  const { scenario, prompt, baselinePath, tolerance } = comparison;
  const verdict = comparison.status === 'pass' ? 'passed' : 'failed';
  const lines = [
    `Baseline comparison ${verdict}: ${scenario}/${prompt} against ${baselinePath} ` +
      `(tolerance ${formatTolerance(tolerance)}, successful requests)`,
  ];
  if (comparison.problem !== null) lines.push(`  ${comparison.problem}`);
  const rows = comparison.rows.filter((row) => row.status !== 'not-applicable');
  if (rows.length > 0) {
    const table = asciiTable(
      [
        ['figure', 'baseline', 'current', 'allowed', 'change', 'verdict'],
        ...rows.map((row) => [
          `${row.stat} ${row.metric}`,
          row.baseline === null ? '-' : `${formatNumber(row.baseline)} ${row.unit}`,
          row.current === null ? '-' : `${formatNumber(row.current)} ${row.unit}`,
          row.allowed === null ? '-' : allowedText(row),
          row.change === null ? '-' : formatChange(row.change),
          VERDICT[row.status],
        ]),
      ],
      ['left', 'right', 'right', 'right', 'right', 'left'],
    );
    lines.push(...table.map((line) => `  ${line}`));
  }
  return lines.join('\n');
}

function allowedText(row: BaselineRow): string {
  if (row.allowed === null) return '-';
  return `${row.better === 'lower' ? '<=' : '>='} ${formatNumber(row.allowed)} ${row.unit}`;
}

function formatChange(change: number): string {
  const pct = change * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}
