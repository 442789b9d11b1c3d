import { cpus, platform } from 'node:os';
import type { BenchMode, CaseReport, CaseResult } from './bench-case.js';

/** The content of RESULTS_DIR/bench.json. */
export interface BenchResultsFile {
  format: 'llm-perf-bench';
  version: 1;
  mode: BenchMode;
  /** ISO time the run started. */
  startedAt: string;
  durationMs: number;
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** 1-minute load average at the start and at the end of the run (other sessions too). */
    loadAverage1m: { start: number; end: number };
  };
  summary: { ran: number; crashed: number; goalsMet: number; goalsMissed: number };
  cases: CaseResult[];
}

/** Builds the results file's content (NaN figures become null when serialised). */
export function benchResultsFile(
  results: readonly CaseResult[],
  run: {
    mode: BenchMode;
    startedAt: string;
    durationMs: number;
    loadAverage1m: { start: number; end: number };
  },
): BenchResultsFile {
  const goals = results.flatMap((r) => (r.status === 'ran' ? r.report.goals : []));
  const met = goals.filter((g) => g.met).length;
  return {
    format: 'llm-perf-bench',
    version: 1,
    mode: run.mode,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    machine: {
      node: process.version,
      platform: `${platform()} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverage1m: run.loadAverage1m,
    },
    summary: {
      ran: results.filter((r) => r.status === 'ran').length,
      crashed: results.filter((r) => r.status === 'crashed').length,
      goalsMet: met,
      goalsMissed: goals.length - met,
    },
    cases: [...results],
  };
}

/**
 * Why a report does not count as "produced figures": no rows, a row without a value, or a
 * goal with nothing measured (NaN). Empty when the report is complete.
 */
export function missingFigures(report: CaseReport): string[] {
  const problems: string[] = [];
  if (report.rows.length === 0) problems.push('no figures');
  for (const row of report.rows) {
    if (row.value.trim() === '' || row.value.includes('n/a')) {
      problems.push(`"${row.label}" has no value`);
    }
  }
  for (const goal of report.goals) {
    if (!Number.isFinite(goal.actual)) problems.push(`goal "${goal.description}" measured nothing`);
  }
  return problems;
}
