import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { CapacityResult } from './capacity-result.js';

/** Folder under RESULTS_DIR where capacity specs leave their results for the reporters. */
export const CAPACITY_DIR_NAME = '.capacity';

/** The file of one capacity search. */
export interface CapacityFile {
  format: 'capacity-result';
  version: 1;
  result: CapacityResult;
}

/** Writes `RESULTS_DIR/.capacity/<scenario>--<prompt>.json` atomically; returns its path. */
export function writeCapacityResult(resultsDir: string, result: CapacityResult): string {
  const dir = join(resultsDir, CAPACITY_DIR_NAME);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.scenario}--${result.prompt}.json`);
  const data: CapacityFile = { format: 'capacity-result', version: 1, result };
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(data));
  renameSync(`${file}.${process.pid}.tmp`, file);
  return file;
}

/**
 * The capacity results of this run (searches started at or after `sinceEpochMs`), sorted by
 * scenario then prompt; unreadable files are named in `problems`.
 */
export function readCapacityResults(
  resultsDir: string,
  sinceEpochMs = 0,
): { items: CapacityResult[]; problems: string[] } {
  const dir = join(resultsDir, CAPACITY_DIR_NAME);
  const read = { items: [] as CapacityResult[], problems: [] as string[] };
  if (!existsSync(dir)) return read;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    try {
      const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<CapacityFile>;
      if (data.format !== 'capacity-result' || data.version !== 1 || data.result === undefined) {
        read.problems.push(`${name}: not a capacity-result file of version 1`);
        continue;
      }
      if (data.result.startedEpochMs >= sinceEpochMs) read.items.push(data.result);
    } catch (error) {
      read.problems.push(`${name}: not readable as JSON (${(error as Error).message})`);
    }
  }
  read.items.sort((a, b) =>
    a.scenario === b.scenario
      ? a.prompt.localeCompare(b.prompt)
      : b.scenario.localeCompare(a.scenario),
  );
  return read;
}
