import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';

/**
 * The environment the suite reads: `.env` (if present) under the variables already set, so a
 * variable given on the command line always wins over the file. `process.env` is not changed.
 */
export function loadEnvironment(
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
  envFile: string = resolve(process.cwd(), '.env'),
): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...processEnv };
}
