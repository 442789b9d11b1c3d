import type { CapacityResult } from '../capacity/capacity-result.js';
import { formatCapacityTable } from '../capacity/format-capacity.js';
import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import { SHARD_SKIP_REASON } from '../scenario/scenario-part.js';
import { formatServerErrors } from '../scenario/server-error-digest.js';
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
  /** Capacity searches of the run: one step table each. */
  capacity?: readonly CapacityResult[];
  /** Why the capacity specs were skipped (a plain `npx vitest run specs`). */
  skippedCapacityNote?: string;
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
  if (scenarios.length === 0 && (input.capacity?.length ?? 0) > 0) {
    return formatCapacityOnlySummary(input);
  }
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
    else if (s.users) {
      const iterations = s.users.iterations === null ? '' : `, ${s.users.iterations} iterations`;
      lines.push(`  ${s.label}: closed model, ${s.users.vus} users back to back${iterations}`);
    }
  }

  for (const s of scenarios) {
    if (s.abortReason != null) lines.push(`  ${s.label} stopped early: ${s.abortReason}`);
  }

  const failing = scenarios.filter((s) => Object.keys(s.failuresByOutcome).length > 0);
  if (failing.length > 0) {
    lines.push('', 'Failures by outcome');
    for (const s of failing) lines.push(`  ${s.label}  ${formatCounts(s.failuresByOutcome)}`);
  }
  const withErrors = scenarios.filter((s) => formatServerErrors(s.serverErrors).length > 0);
  if (withErrors.length > 0) {
    lines.push('', 'Server errors (first distinct messages: status, outcome, count, text)');
    for (const s of withErrors) {
      lines.push(`  ${s.label}`);
      for (const line of formatServerErrors(s.serverErrors)) lines.push(`    ${line}`);
    }
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
  if (ran.length > 0) lines.push('', ...formatGoodput(ran));

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
      const why = s.notJudgedReason ?? (s.state === 'done' ? 'no results' : s.state);
      lines.push(`  ${s.label}: no SLA was judged (${why})`);
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

  lines.push(...capacityLines(input));

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

/** Goodput lines: the objectives, then share and requests/s per scenario x prompt. */
export function formatGoodput(scenarios: readonly ScenarioSummary[]): string[] {
  const recorded = scenarios.flatMap((s) => (s.goodput.status === 'recorded' ? [s] : []));
  if (recorded.length === 0) {
    const first = scenarios[0]?.goodput;
    const reason = first?.status === 'not-recorded' ? first.reason : 'no requests';
    return [`Goodput: not recorded (${reason})`];
  }
  const first = recorded[0]?.goodput;
  const lines = [`Goodput (${first?.status === 'recorded' ? first.objectives : ''})`];
  const rows = [['scenario/prompt', 'good', 'requests', 'share', 'good/s']];
  for (const s of scenarios) {
    const g = s.goodput;
    rows.push(
      g.status === 'recorded'
        ? [
            s.label,
            String(g.good),
            String(g.requests),
            `${formatNumber(g.share * 100)}%`,
            formatNumber(g.perSec),
          ]
        : [s.label, '-', '-', '-', `(${g.reason})`],
    );
  }
  lines.push(...asciiTable(rows, ['left', 'right', 'right', 'right', 'right']));
  return lines;
}

/** A run of capacity specs only: their step tables, problems and files, no scenario table. */
function formatCapacityOnlySummary(input: RunSummaryInput): string {
  const searches = input.capacity?.length ?? 0;
  const lines = [
    RULE,
    `LLM load summary: ${searches} capacity search${searches === 1 ? '' : 'es'}, ${formatSeconds(input.durationMs)}` +
      (input.interrupted ? ' (INTERRUPTED)' : ''),
    RULE,
    ...capacityLines(input),
  ];
  if (input.problems && input.problems.length > 0) {
    lines.push('', 'Problems', ...input.problems.map((problem) => `  ${problem}`));
  }
  if (input.files && input.files.length > 0) lines.push('', `Results: ${input.files.join(', ')}`);
  lines.push(RULE);
  return `${lines.join('\n')}\n`;
}

/** One step table per capacity search, and why the capacity specs were skipped. */
function capacityLines(input: RunSummaryInput): string[] {
  const lines: string[] = [];
  for (const result of input.capacity ?? []) lines.push('', ...formatCapacityTable(result));
  if (input.skippedCapacityNote) lines.push('', input.skippedCapacityNote);
  return lines;
}

/** `http-error 2, timeout-first-token 1`, largest first. */
function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}
