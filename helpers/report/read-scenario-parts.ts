import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PARTS_DIR_NAME,
  PROGRESS_FILE_SUFFIX,
  type ScenarioPart,
  type ScenarioProgressFile,
} from '../scenario/scenario-part.js';

/** Options of `readScenarioParts` and `readScenarioProgress`. */
export interface ReadPartsOptions {
  /** Ignore files of earlier runs: keep those whose scenario started at or after this, epoch ms. */
  sinceEpochMs?: number;
}

/** What was found in the parts folder. */
export interface PartsRead<T> {
  /** Valid files of this run, sorted by scenario then prompt. */
  items: T[];
  /** Files that could not be read or are not parts, one sentence each (file name first). */
  problems: string[];
}

/** Reads the scenario parts (`RESULTS_DIR/.parts/<scenario>--<prompt>.json`) of this run. */
export function readScenarioParts(
  resultsDir: string,
  options: ReadPartsOptions = {},
): PartsRead<ScenarioPart> {
  return readFolder(
    resultsDir,
    (name) => name.endsWith('.json') && !name.endsWith(PROGRESS_FILE_SUFFIX),
    'scenario-part',
    options,
  );
}

/** Reads the progress files (`<scenario>--<prompt>.progress.json`) of this run. */
export function readScenarioProgress(
  resultsDir: string,
  options: ReadPartsOptions = {},
): PartsRead<ScenarioProgressFile> {
  return readFolder(
    resultsDir,
    (name) => name.endsWith(PROGRESS_FILE_SUFFIX),
    'scenario-progress',
    options,
  );
}

interface PartLike {
  format: string;
  version: number;
  scenario: string;
  prompt: string;
  startedEpochMs: number;
}

function readFolder<T extends PartLike>(
  resultsDir: string,
  accept: (name: string) => boolean,
  format: T['format'],
  options: ReadPartsOptions,
): PartsRead<T> {
  const dir = join(resultsDir, PARTS_DIR_NAME);
  const read: PartsRead<T> = { items: [], problems: [] };
  if (!existsSync(dir)) return read;
  for (const name of readdirSync(dir).sort()) {
    if (!accept(name)) continue;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      // A worker killed mid-write leaves only its temp file; a broken file here is worth saying.
      read.problems.push(`${name}: not readable as JSON (${(error as Error).message})`);
      continue;
    }
    if (!isPartLike(data) || data.format !== format || data.version !== 1) {
      read.problems.push(`${name}: not a ${format} file of version 1`);
      continue;
    }
    if (options.sinceEpochMs !== undefined && data.startedEpochMs < options.sinceEpochMs) continue;
    read.items.push(data as T);
  }
  read.items.sort((a, b) =>
    a.scenario === b.scenario
      ? a.prompt.localeCompare(b.prompt)
      : b.scenario.localeCompare(a.scenario),
  );
  return read;
}

function isPartLike(value: unknown): value is PartLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.format === 'string' &&
    typeof v.version === 'number' &&
    typeof v.scenario === 'string' &&
    typeof v.prompt === 'string' &&
    typeof v.startedEpochMs === 'number'
  );
}
