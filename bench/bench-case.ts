import type { GoalCheck } from './goal-check.js';
import type { MachineLoad } from './machine-load.js';

/** `full`: the published figures; `quick`: small counts for CI (checks that cases run). */
export type BenchMode = 'full' | 'quick';

/** Names accepted by `--case`, in run order. */
export const CASE_NAMES = [
  'pacing',
  'ttft',
  'stream-capacity',
  'request-throughput',
  'memory',
  'micro',
  'spec-cpu',
  'soak',
] as const;

/** One benchmark case's name. */
export type CaseName = (typeof CASE_NAMES)[number];

/** JSON-safe value of a figure (NaN is written as null). */
export type JsonValue =
  | number
  | string
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** One line of the printed table: what was measured and its value, as text. */
export interface BenchRow {
  label: string;
  value: string;
}

/** What a case measured. */
export interface CaseReport {
  /** Every figure, with the parameters it was measured with (written to bench.json). */
  figures: { [key: string]: JsonValue };
  /** The figures worth printing, in order. */
  rows: BenchRow[];
  /** Goals checked against the figures; empty when the case has none. */
  goals: GoalCheck[];
  /** Observations: bottlenecks, warnings, why a goal was missed. */
  notes: string[];
}

/** What a case gets to run with. */
export interface CaseContext {
  mode: BenchMode;
  /** `--profile`: cases that support it add a CPU-profiled run and its top entries. */
  profile: boolean;
  /** Progress line on stderr (the table goes to stdout). */
  log(line: string): void;
}

/** One benchmark case. */
export interface BenchCase {
  name: CaseName;
  /** One line saying what it measures. */
  title: string;
  run(context: CaseContext): Promise<CaseReport>;
}

/** How a case ended: ran (with its report) or crashed (with the error). */
export type CaseResult =
  | {
      status: 'ran';
      name: CaseName;
      title: string;
      durationMs: number;
      machine: MachineLoad;
      report: CaseReport;
    }
  | {
      status: 'crashed';
      name: CaseName;
      title: string;
      durationMs: number;
      machine: MachineLoad;
      error: string;
    };
