import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { K6MetricValues } from './k6-summary-export.js';

/** Stable codes of `BaselineError`. */
export type BaselineErrorCode =
  /** The file does not exist. */
  | 'baseline-missing'
  /** The file exists but cannot be read. */
  | 'baseline-unreadable'
  /** The file is not JSON. */
  | 'baseline-bad-json'
  /** JSON, but not a summary (no `metrics` object, or a value that is not a number). */
  | 'baseline-bad-shape'
  /** Saving a run that was interrupted without `force`. */
  | 'baseline-interrupted-run';

/** A baseline that cannot be used; the message names the file, what is wrong and the fix. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
  constructor(
    readonly code: BaselineErrorCode,
    /** The path as given. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A saved summary used as baseline. */
export interface BaselineFile {
  /** The path as given. */
  path: string;
  /** summary.json's metrics: by metric name and sub-metric selector. */
  metrics: Record<string, K6MetricValues>;
  /** When `npm run baseline -- save` saved it (RFC 3339); null for a plain summary.json. */
  savedAt: string | null;
  /** The run it was made from was interrupted (its `suite.interrupted`). */
  interrupted: boolean;
}

const SAVE_HINT = 'save one after a run with "npm run baseline -- save <path>"';

/**
 * Reads a baseline (a summary.json, as saved by `npm run baseline -- save`). Throws a
 * `BaselineError` naming the path and the problem when it is missing or not a summary.
 */
export function readBaselineFile(path: string, label = 'BASELINE'): BaselineFile {
  const where = `${label}=${path}`;
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new BaselineError(
      'baseline-missing',
      path,
      `${where}: no such file (looked for ${absolute}); ${SAVE_HINT}, or unset ${label}.`,
    );
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new BaselineError(
      'baseline-unreadable',
      path,
      `${where}: cannot be read (${(error as Error).message}); check the path and its permissions.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      'baseline-bad-json',
      path,
      `${where}: not valid JSON (${(error as Error).message}); ${SAVE_HINT}.`,
    );
  }
  const bad = (problem: string): BaselineError =>
    new BaselineError(
      'baseline-bad-shape',
      path,
      `${where}: ${problem}; expected a summary.json of this suite (${SAVE_HINT}).`,
    );
  if (!isRecord(data) || !isRecord(data.metrics)) throw bad('has no "metrics" object');
  for (const [key, values] of Object.entries(data.metrics)) {
    if (!isRecord(values)) throw bad(`metrics["${key}"] is not an object`);
    for (const [stat, value] of Object.entries(values)) {
      if (stat === 'thresholds') continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw bad(`metrics["${key}"]["${stat}"] is ${JSON.stringify(value)}, not a number`);
      }
    }
  }
  const saved = isRecord(data.baseline) ? data.baseline.savedAt : undefined;
  return {
    path,
    metrics: data.metrics as Record<string, K6MetricValues>,
    savedAt: typeof saved === 'string' ? saved : null,
    interrupted: isRecord(data.suite) && data.suite.interrupted === true,
  };
}

/** Options of `saveBaseline`. */
export interface SaveBaselineOptions {
  /** The summary to save: RESULTS_DIR/summary.json. */
  from: string;
  /** Where the baseline goes. */
  to: string;
  /** Save even when the run was interrupted. */
  force?: boolean;
  /** Clock (tests). */
  nowEpochMs?: number;
}

/**
 * Copies a run's summary.json to `to` as a baseline, adding `baseline: { savedAt, from }`.
 * Refuses a summary of an interrupted run unless `force`: its figures cover part of the schedule.
 */
export function saveBaseline(options: SaveBaselineOptions): BaselineFile {
  const checked = readBaselineFile(options.from, 'summary');
  if (checked.interrupted && options.force !== true) {
    throw new BaselineError(
      'baseline-interrupted-run',
      options.from,
      `${options.from}: that run was interrupted, so its figures cover only part of the ` +
        'schedule; re-run the specs, or pass --force to save it anyway.',
    );
  }
  const data = JSON.parse(readFileSync(resolve(options.from), 'utf8')) as Record<string, unknown>;
  const savedAt = new Date(options.nowEpochMs ?? Date.now()).toISOString();
  const target = resolve(options.to);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(
    `${target}.tmp`,
    `${JSON.stringify({ ...data, baseline: { savedAt, from: options.from } }, null, 2)}\n`,
  );
  renameSync(`${target}.tmp`, target);
  return { ...checked, path: options.to, savedAt };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
