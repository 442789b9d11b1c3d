import { loadEnvironment } from '../config/load-environment.js';
import { resultsDirProblem } from '../config/results-dir-problem.js';
import { secretValues } from '../config/secrets.js';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';

/** What the reporters need from the environment. */
export interface ReportSettings {
  /** RESULTS_DIR (default `results`). */
  resultsDir: string;
  /** API_KEY and LOADTEST_TOKEN values, to redact from every output. */
  secrets: string[];
  /** The validated config; null when it has problems (the global setup reports them). */
  config: SuiteConfig | null;
}

/**
 * Reads the settings from `.env` and the environment. A config with problems still gives a
 * results folder and the raw secrets, so result files are written and stay clean anyway.
 */
export function reportSettings(
  env: Readonly<Record<string, string | undefined>> = loadEnvironment(),
): ReportSettings {
  const result = readSuiteConfig(env);
  if (result.ok) {
    return {
      resultsDir: result.config.report.resultsDir,
      secrets: secretValues(result.config.target),
      config: result.config,
    };
  }
  const raw = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  // A RESULTS_DIR refused by validation (in /proc, under a file) would hang or fail the writers.
  const dir = raw('RESULTS_DIR');
  return {
    resultsDir: dir !== null && resultsDirProblem(dir) === null ? dir : 'results',
    secrets: [raw('API_KEY'), raw('LOADTEST_TOKEN')].filter((v): v is string => v !== null),
    config: null,
  };
}
