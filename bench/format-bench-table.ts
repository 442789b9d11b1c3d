import type { BenchMode, CaseResult } from './bench-case.js';
import type { GoalCheck } from './goal-check.js';
import type { MachineLoad } from './machine-load.js';

/** Text of one goal's outcome: `met`, or `MISSED` (upper case so it stands out). */
export function goalStatus(goal: GoalCheck): 'met' | 'MISSED' {
  return goal.met ? 'met' : 'MISSED';
}

/** A number for the table: 3 significant digits below 100, grouped thousands above. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs === 0) return '0';
  if (abs >= 1) return value.toFixed(abs >= 10 ? 1 : 2);
  return value.toPrecision(3);
}

/** `load avg 1.2, CPU pressure 8.5 %, 42 s`: how busy the machine was (other sessions too). */
export function formatMachineLoad(machine: MachineLoad): string {
  const pressure =
    machine.cpuPressurePct === null
      ? 'CPU pressure n/a'
      : `CPU pressure ${machine.cpuPressurePct.toFixed(1)} %`;
  return `load avg ${machine.loadAverage1m}, ${pressure}`;
}

/** `< 2 ms`, `>= 100,000 events/s`, `<= 1 %`. */
export function formatGoalLimit(goal: GoalCheck): string {
  return `${goal.op} ${formatFigure(goal.limit)} ${goal.unit}`.trimEnd();
}

/**
 * The results as a plain-text table: per case its rows, then its goals (`goal: ...` with the
 * measured value, the limit and met/MISSED), then its notes; a crashed case shows its error.
 * Columns are padded to the widest cell; the last line sums up. Pure: no I/O.
 */
export function formatBenchTable(results: readonly CaseResult[], mode: BenchMode): string {
  const rows: string[][] = [['case', 'measurement', 'value', 'goal']];
  const notes: string[] = [];
  for (const result of results) {
    if (result.status === 'crashed') {
      rows.push([result.name, 'CRASHED', result.error.split('\n')[0] ?? '', '']);
      continue;
    }
    const { report } = result;
    for (const row of report.rows) rows.push([result.name, row.label, row.value, '']);
    rows.push([result.name, 'machine during the case', formatMachineLoad(result.machine), '']);
    for (const goal of report.goals) {
      rows.push([
        result.name,
        `goal: ${goal.description}`,
        `${formatFigure(goal.actual)} ${goal.unit}`.trimEnd(),
        `${formatGoalLimit(goal)}: ${goalStatus(goal)}`,
      ]);
    }
    for (const note of report.notes) notes.push(`${result.name}: ${note}`);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const lines = rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths?.[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  if (notes.length > 0) lines.push('', 'notes:', ...notes.map((note) => `  ${note}`));
  lines.push('', summaryLine(results, mode));
  return `${lines.join('\n')}\n`;
}

/** `6 cases ran, 0 crashed; goals: 9 met, 1 MISSED` (+ that quick mode does not judge goals). */
export function summaryLine(results: readonly CaseResult[], mode: BenchMode): string {
  const ran = results.filter((r) => r.status === 'ran');
  const goals = ran.flatMap((r) => (r.status === 'ran' ? r.report.goals : []));
  const met = goals.filter((g) => g.met).length;
  const text =
    `${ran.length} case${ran.length === 1 ? '' : 's'} ran, ` +
    `${results.length - ran.length} crashed; goals: ${met} met, ${goals.length - met} MISSED`;
  return mode === 'quick' ? `${text} (quick mode: small counts, goals not judged)` : text;
}
