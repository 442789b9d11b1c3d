import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import { SHARD_SKIP_REASON } from '../scenario/scenario-part.js';
import { asciiTable } from './ascii-table.js';
import { formatBaselineRow, formatTolerance } from './format-baseline-comparison.js';
import { formatNumber, formatSeconds } from './format-number.js';
import { type ScenarioSummary, SUMMARY_TRENDS } from './scenario-summary.js';
import { formatWorkloadLines } from './workload-summary.js';

/** What the end-of-run summary is made from. */
export interface RunSummaryInput {
  scenarios: readonly ScenarioSummary[];
  /** Length of the run, ms. */
  durationMs: number;
  /** The run was stopped early (Ctrl-C) or a scenario did not finish. */
  interrupted: boolean;
  /** Result files written, paths as they should be shown. */
  files?: readonly string[];
  /** Problems met while collecting results (unreadable parts, failed writes). */
  problems?: readonly string[];
}

const RULE = '='.repeat(78);

/**
 * The end-of-run summary as plain text (no colour, ASCII only): per scenario x prompt the
 * requests, failures by outcome, dropped iterations and achieved vs target rate; the latency
 * distributions of successful requests; every SLA with its verdict and measured value; the
 * baseline comparisons; the result files.
 */
export function formatRunSummary(input: RunSummaryInput): string {
  const { scenarios } = input;
  const lines: string[] = [RULE];
  const count = `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`;
  lines.push(
    input.interrupted
      ? `LLM load summary: INTERRUPTED after ${formatSeconds(input.durationMs)} (${count}); ` +
          'partial results, unfinished scenarios were not judged'
      : `LLM load summary: ${count}, ${formatSeconds(input.durationMs)}`,
  );
  lines.push(RULE, '');

  lines.push(
    ...asciiTable(
      [
        [
          'scenario/prompt',
          'state',
          'requests',
          'ok',
          'failed',
          'dropped',
          'rate/s',
          'planned/s',
          'target/s',
        ],
        ...scenarios.map((s) => [
          s.label,
          s.state,
          String(s.requests),
          String(s.ok),
          String(s.failed),
          String(s.dropped),
          s.achievedRatePerSec === null ? '-' : formatNumber(s.achievedRatePerSec),
          formatNumber(s.plannedRatePerSec),
          formatNumber(s.targetRatePerSec),
        ]),
      ],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  lines.push(
    'rate/s: requests started per second of the schedule; planned/s: what the schedule asks',
    'on average (ramps included); target/s: the rate of its hold stage.',
  );
  for (const s of scenarios) {
    if (s.skipReason !== null) lines.push(`  ${s.label} skipped: ${s.skipReason}`);
  }

  const failing = scenarios.filter((s) => Object.keys(s.failuresByOutcome).length > 0);
  if (failing.length > 0) {
    lines.push('', 'Failures by outcome');
    for (const s of failing) lines.push(`  ${s.label}  ${formatCounts(s.failuresByOutcome)}`);
  }

  const ran = scenarios.filter((s) => s.state !== 'skipped');
  if (ran.length > 0) {
    lines.push('', 'Successful requests (ms; tokens/s per request; schedule lag of all requests)');
    const rows: string[][] = [['scenario/prompt', 'metric', 'p50', 'p90', 'p95', 'p99', 'n']];
    for (const s of ran) {
      SUMMARY_TRENDS.forEach((trend, i) => {
        const d = s.trends[trend.key];
        const cells =
          d === null
            ? ['-', '-', '-', '-', '0']
            : [d.p50, d.p90, d.p95, d.p99].map(formatNumber).concat(String(d.count));
        rows.push([i === 0 ? s.label : '', trend.label, ...cells]);
      });
    }
    lines.push(...asciiTable(rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right']));
  }

  lines.push(...formatWorkloadLines(scenarios));

  const slas = scenarios.flatMap((s) => s.slaResults);
  const passed = slas.filter((r) => r.status === 'pass').length;
  lines.push('', `SLAs: ${passed} passed, ${slas.length - passed} failed`);
  for (const sla of slas) lines.push(`  ${formatSlaAnnotation(sla)}`);
  for (const s of scenarios) {
    if (s.state !== 'skipped' && s.slaResults.length === 0 && s.shard !== undefined) {
      lines.push(
        `  ${s.label}: shard ${s.shard.index}/${s.shard.count}: SLAs ${SHARD_SKIP_REASON} (MERGE_FROM)`,
      );
    } else if (s.state !== 'skipped' && s.slaResults.length === 0) {
      lines.push(
        `  ${s.label}: no SLA was judged (${s.state === 'done' ? 'no results' : s.state})`,
      );
    }
  }

  const comparisons = scenarios.flatMap((s) => (s.baseline === null ? [] : [s.baseline]));
  if (comparisons.length > 0) {
    const first = comparisons[0] as (typeof comparisons)[number];
    lines.push(
      '',
      `Baseline ${first.baselinePath} (tolerance ${formatTolerance(first.tolerance)})`,
    );
    for (const c of comparisons) {
      lines.push(`  ${c.status === 'pass' ? 'PASS' : 'FAIL'} ${c.scenario}/${c.prompt}`);
      if (c.problem !== null) lines.push(`    ${c.problem}`);
      for (const row of c.rows) {
        if (row.status !== 'not-applicable') lines.push(`    ${formatBaselineRow(row)}`);
      }
    }
  }

  if (input.problems && input.problems.length > 0) {
    lines.push('', 'Problems');
    for (const problem of input.problems) lines.push(`  ${problem}`);
  }
  if (input.files && input.files.length > 0) {
    lines.push('', `Results: ${input.files.join(', ')}`);
  }
  lines.push(RULE);
  return `${lines.join('\n')}\n`;
}

/** `http-error 2, timeout-first-token 1`, largest first. */
function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}
