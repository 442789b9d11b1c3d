import type { MetricStore, TagValues } from '../metrics/metric-store.js';
import type { MetricName } from '../metrics/record-sample.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import { describeCalibration } from '../workload/token-calibration.js';
import type { WorkloadReport } from '../workload/workload.js';
import { type Distribution, distributionOf } from './distribution.js';
import { formatNumber } from './format-number.js';

/** A workload run's description and its token lengths: requested against actual. */
export interface WorkloadSummary {
  report: WorkloadReport;
  /**
   * Successful requests' tokens. Input covers turn 1 only in multi-turn runs: later turns
   * carry the conversation, whose length no one requested.
   */
  tokens: {
    requestedInput: Distribution | null;
    input: Distribution | null;
    requestedOutput: Distribution | null;
    output: Distribution | null;
  };
}

/** The workload summary of a part; null for parts of fixed-prompt specs. */
export function summarizeWorkload(part: ScenarioPart, store: MetricStore): WorkloadSummary | null {
  const report = part.workload;
  if (report === undefined) return null;
  const ok: TagValues = { scenario: part.scenario, prompt: part.prompt, outcome: 'ok' };
  const firstTurn: TagValues = report.turns > 1 ? { ...ok, turn: '1' } : ok;
  const of = (metric: MetricName, tags: TagValues) =>
    distributionOf(store.select({ metric, tags }).values);
  return {
    report,
    tokens: {
      requestedInput: of('llm_requested_input_tokens', firstTurn),
      input: of('llm_input_tokens', firstTurn),
      requestedOutput: of('llm_requested_output_tokens', ok),
      output: of('llm_output_tokens', ok),
    },
  };
}

/** Summary lines: per workload run, what it sent, its calibration, requested vs actual tokens. */
export function formatWorkloadLines(
  scenarios: readonly { label: string; workload?: WorkloadSummary | null }[],
): string[] {
  const runs = scenarios.filter((s) => s.workload != null);
  if (runs.length === 0) return [];
  const lines = [
    '',
    'Workloads (tokens of successful requests, p50 / p90 / p99: requested -> actual)',
  ];
  for (const { label, workload } of runs) {
    const { report, tokens } = workload as WorkloadSummary;
    const turns =
      report.turns > 1 ? `; ${report.turns} turns, think time ${report.thinkTimeMs} ms` : '';
    lines.push(
      `  ${label}  ${report.kind} ${report.source} (${report.items} item${report.items === 1 ? '' : 's'}, seed ${report.seed}${turns})`,
    );
    if (report.calibration !== null) lines.push(`    ${describeCalibration(report.calibration)}`);
    const input = report.turns > 1 ? 'input (turn 1)' : 'input';
    const width = Math.max(input.length, 'output'.length);
    lines.push(`    ${input.padEnd(width)}  ${formatPair(tokens.requestedInput, tokens.input)}`);
    lines.push(
      `    ${'output'.padEnd(width)}  ${formatPair(tokens.requestedOutput, tokens.output)}`,
    );
    if (report.skippedLines.length > 0) {
      const shown = report.skippedLines
        .slice(0, 5)
        .map((b) => `line ${b.line} (${b.reason})`)
        .join('; ');
      const more = report.skippedLines.length > 5 ? `; ${report.skippedLines.length - 5} more` : '';
      lines.push(`    skipped ${report.skippedLines.length} bad dataset lines: ${shown}${more}`);
    }
  }
  return lines;
}

function formatPair(requested: Distribution | null, actual: Distribution | null): string {
  return `${formatDistribution(requested, 'not requested')} -> ${formatDistribution(actual, 'not reported')}`;
}

function formatDistribution(d: Distribution | null, none: string): string {
  if (d === null) return none;
  return `${[d.p50, d.p90, d.p99].map(formatNumber).join(' / ')} (n=${d.count})`;
}
