import { join } from 'node:path';
import type { ArrivalRunResult, LoadProgress } from '../load/arrival-run-result.js';
import type { ArrivalSchedule } from '../load/arrival-schedule.js';

import type { LiveScenarioStats } from '../report/live-scenario-stats.js';
import type { BaselineComparison } from '../sla/baseline-comparison.js';
import type { SlaResult } from '../sla/check-sla.js';
import type { WorkloadReport } from '../workload/workload.js';
import { AtomicJsonFile } from './atomic-json-file.js';
import type { ScenarioName } from './scenario-name.js';
import type { ServerErrors } from './server-error-digest.js';

/** Folder under RESULTS_DIR where each scenario's worker leaves its results for the reporter. */
export const PARTS_DIR_NAME = '.parts';

/** The scheduler's account of a run, without the per-iteration columns and error objects. */
export type ArrivalsSummary = Pick<
  ArrivalRunResult,
  | 'scheduled'
  | 'started'
  | 'dropped'
  | 'completed'
  | 'aborted'
  | 'iterateErrors'
  | 'gracefulStopExpired'
  | 'peakInFlight'
  | 'scheduleDurationMs'
  | 'durationMs'
  | 'achievedRatePerSec'
  | 'end'
>;

/**
 * What one scenario x prompt worker hands to the reporters: written while the run goes
 * (progress, about once a second), when it ends and after its SLA tests (results). Never holds
 * secrets: the config part is the non-secret description only. The samples themselves are in
 * the samples file it names (`helpers/samples-file/`), appended to about once a second.
 */
export interface ScenarioPart {
  format: 'scenario-part';
  version: 1;
  scenario: ScenarioName;
  prompt: string;
  /**
   * running: the worker is recording (samples up to its last flush); done: samples final;
   * interrupted: samples up to the stop (Ctrl-C, or the reporter found the worker gone while
   * its part still said running: killed).
   */
  state: 'skipped' | 'running' | 'done' | 'interrupted';
  /** Why the scenario was skipped (rate 0). */
  skipReason?: string;
  model: string;
  /** BASE (validated to hold no credentials) or the simulator's loopback URL. */
  baseUrl: string;
  simulated: boolean;
  targetRatePerSec: number;
  schedule: ArrivalSchedule;
  arrivalPattern: 'even' | 'poisson';
  maxVus: number;
  startedEpochMs: number;
  updatedEpochMs: number;
  progress: LoadProgress | null;
  arrivals: ArrivalsSummary | null;
  /** Name of its samples file in the parts folder; null when none was started (skipped). */
  samplesFile: string | null;
  /** Why the samples file could not be written (e.g. disk full); absent when all went well. */
  samplesError?: string;
  slaResults: SlaResult[];
  /**
   * Why the SLAs were not judged: the run stopped before the end of its profile
   * (`scenario interrupted after 12 of 240 scheduled arrivals (run interrupted by SIGTERM)`).
   */
  notJudgedReason?: string;
  /** Requests by where their output token count came from (`usage`, `events`, `none`). */
  tokenSources?: Record<string, number>;
  /** Comparison with BASELINE, once the baseline test ran; absent or null when none ran. */
  baseline?: BaselineComparison | null;
  /** What a WORKLOAD run sent (specs/workload): source, items, calibration; absent otherwise. */
  workload?: WorkloadReport;
  /** Closed model (CONCURRENCY): users at once, and iterations once the run ended; absent for arrivals. */
  users?: { vus: number; iterations: number | null } | null;
  /** The first distinct errors of its requests (the server's text, redacted), with counts. */
  serverErrors?: ServerErrors;
  /** Why ABORT_ON_FAIL stopped the scenario early; absent when it ran its course. */
  abortReason?: string;
  /** A shard's part (SHARD): which share of the plan it ran; absent in a whole run. */
  shard?: ShardStamp;
  /** The knobs every shard must share (`run-knobs.ts`); written by shards, checked by the merge. */
  runKnobs?: Readonly<Record<string, string>>;
  /** A merged part (MERGE_FROM): which shards it holds and which were missing. */
  merge?: MergeNote;
}

/** Why a shard's SLA tests are skipped (SHARD set): one shard's percentiles are not the run's. */
export const SHARD_SKIP_REASON = 'judged over all shards by the merge';

/** Which share of the one full plan a shard ran. */
export interface ShardStamp {
  /** 1-based: shard 2 of 3 ran arrivals 2, 5, 8, ... of the plan. */
  index: number;
  count: number;
  /** START_AT, epoch ms: the common instant the plan's offsets count from; null when unset. */
  startAtEpochMs: number | null;
  /** Arrivals the full plan expects (all shards together; the mean for Poisson). */
  fullPlanArrivals: number;
  /** Of those, this shard's share. */
  shardPlanArrivals: number;
}

/** What a merge read: the shards found (folder, state) and the indices missing. */
export interface MergeNote {
  shardCount: number;
  shards: { index: number; dir: string; state: string }[];
  /** 1-based indices of the shards whose samples were not found (MERGE_ALLOW_MISSING=1). */
  missing: number[];
  /** What the reports say about the merge: missing shards, unfinished or damaged files. */
  problems: string[];
  /** When the shards' run started (START_AT, else the earliest shard start), epoch ms. */
  runStartedEpochMs: number;
  /** When the last shard finished writing its samples, epoch ms. */
  runEndedEpochMs: number;
}

/**
 * The small file a worker rewrites about once a second while its scenario runs, so the main
 * process can show progress (and forward Ctrl-C) without parsing the samples.
 */
export interface ScenarioProgressFile {
  format: 'scenario-progress';
  version: 1;
  scenario: ScenarioName;
  prompt: string;
  /** Process id of the worker; the reporter sends it SIGINT when the main process gets one. */
  pid: number;
  /** Same meaning as `ScenarioPart.state`. */
  state: ScenarioPart['state'];
  startedEpochMs: number;
  updatedEpochMs: number;
  /** Length of the schedule, ms: the "total" of the progress line. */
  scheduleDurationMs: number;
  progress: LoadProgress | null;
  /** Failed requests and a recent p95 TTFT; null before the first request completes. */
  live: LiveScenarioStats | null;
}

/** Suffix of progress files in the parts folder; part files end in plain `.json`. */
export const PROGRESS_FILE_SUFFIX = '.progress.json';

export function partFileName(scenario: ScenarioName, prompt: string): string {
  return `${scenario}--${prompt}.json`;
}

/** Suffix of samples files in the parts folder. */
export const SAMPLES_FILE_SUFFIX = '.samples';

export function samplesFileName(scenario: ScenarioName, prompt: string): string {
  return `${scenario}--${prompt}${SAMPLES_FILE_SUFFIX}`;
}

export function progressFileName(scenario: ScenarioName, prompt: string): string {
  return `${scenario}--${prompt}${PROGRESS_FILE_SUFFIX}`;
}

/** The part's file: written atomically (temp file + rename), so a reader never sees half a file. */
export function scenarioPartFile(
  resultsDir: string,
  scenario: ScenarioName,
  prompt: string,
): AtomicJsonFile {
  return new AtomicJsonFile(join(resultsDir, PARTS_DIR_NAME, partFileName(scenario, prompt)));
}

/** The progress file, written like the part's (`scenarioPartFile`). */
export function scenarioProgressFile(
  resultsDir: string,
  scenario: ScenarioName,
  prompt: string,
): AtomicJsonFile {
  return new AtomicJsonFile(join(resultsDir, PARTS_DIR_NAME, progressFileName(scenario, prompt)));
}

/** Writes the part atomically (temp file + rename), so a reader never sees half a file. */
export function writeScenarioPart(resultsDir: string, part: ScenarioPart): string {
  const file = scenarioPartFile(resultsDir, part.scenario, part.prompt);
  file.write(part);
  return file.path;
}

/** Writes the progress file atomically, like `writeScenarioPart`. */
export function writeScenarioProgress(resultsDir: string, progress: ScenarioProgressFile): string {
  const file = scenarioProgressFile(resultsDir, progress.scenario, progress.prompt);
  file.write(progress);
  return file.path;
}
