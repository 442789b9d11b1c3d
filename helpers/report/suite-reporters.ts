import { join } from 'node:path';
import type { Reporter } from 'vitest/node';
import { loadEnvironment } from '../config/load-environment.js';
import { LiveProgressReporter } from './live-progress-reporter.js';
import { reportSettings } from './report-settings.js';
import { RunSummaryReporter } from './run-summary-reporter.js';
import { SuiteJunitReporter } from './suite-junit-reporter.js';

/** File name of the JUnit report in RESULTS_DIR. */
export const JUNIT_FILE = 'junit.xml';

/** One entry of Vitest's `reporters` option as this suite uses them. */
export type SuiteReporter = 'default' | Reporter;

/** True for `1`, `true`, `yes` (any case); false for unset, empty, `0`, `false`, `no`. */
export function isEnabled(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value.trim());
}

/** Whether the JUnit report is written: `CI` or `JUNIT` is enabled. */
export function junitEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return isEnabled(env.CI) || isEnabled(env.JUNIT);
}

/**
 * The reporters of the suite, for `vitest.config.ts`: Vitest's default reporter, the end-of-run
 * summary and result files, live progress, and with `CI` or `JUNIT` set Vitest's JUnit reporter
 * writing RESULTS_DIR/junit.xml (SLA annotations become `<property name="sla">` elements), with
 * skip reasons, SLA text in `system-out` and the load's time added (`SuiteJunitReporter`).
 */
export function suiteReporters(
  env: Readonly<Record<string, string | undefined>> = loadEnvironment(),
): SuiteReporter[] {
  const settings = junitEnabled(env) ? reportSettings(env) : null;
  const junit =
    settings === null
      ? []
      : [
          new SuiteJunitReporter({
            outputFile: join(settings.resultsDir, JUNIT_FILE),
            secrets: settings.secrets,
          }),
        ];
  return ['default', new RunSummaryReporter(), new LiveProgressReporter(), ...junit];
}
