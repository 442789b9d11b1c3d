import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SmokeVerdict } from './smoke-checks.js';

/** The smoke checks whose verdicts gate the load. */
export type SmokeCheckName = 'version' | 'models';

/** What a smoke spec leaves for the load specs of the same run. */
export interface SmokeVerdictFile {
  format: 'smoke-verdict';
  version: 1;
  /** The Vitest run that wrote it (`providedRunId`); another run's file is ignored. */
  runId: string;
  check: SmokeCheckName;
  verdict: SmokeVerdict;
}

/** Not `.json`: the reporters read every `.json` of the parts folder as a scenario part. */
function verdictPath(resultsDir: string, check: SmokeCheckName): string {
  return join(resultsDir, '.parts', `smoke--${check}.verdict`);
}

/** Writes a smoke verdict atomically (temp file + rename). Its message is already redacted. */
export function writeSmokeVerdict(
  resultsDir: string,
  runId: string,
  check: SmokeCheckName,
  verdict: SmokeVerdict,
): void {
  const file = verdictPath(resultsDir, check);
  mkdirSync(join(resultsDir, '.parts'), { recursive: true });
  const data: SmokeVerdictFile = { format: 'smoke-verdict', version: 1, runId, check, verdict };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(data));
  renameSync(temp, file);
}

/** The verdict of `check` written in run `runId`; null when there is none (or unreadable). */
export function readSmokeVerdict(
  resultsDir: string,
  runId: string,
  check: SmokeCheckName,
): SmokeVerdict | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(verdictPath(resultsDir, check), 'utf8'));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const file = data as Partial<SmokeVerdictFile>;
  if (file.format !== 'smoke-verdict' || file.runId !== runId || file.check !== check) return null;
  const verdict = file.verdict;
  if (verdict?.ok === true) return { ok: true };
  if (verdict?.ok === false && typeof verdict.message === 'string') return verdict;
  return null;
}
