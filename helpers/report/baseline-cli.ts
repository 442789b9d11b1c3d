import { join } from 'node:path';
import { BaselineError, readBaselineFile, saveBaseline } from './baseline-file.js';
import { BASELINE_METRICS, baselineKey } from './compare-baseline.js';
import { formatNumber } from './format-number.js';
import { reportSettings } from './report-settings.js';
import { RESULT_FILES } from './write-run-results.js';

/** Baseline path when neither an argument nor BASELINE gives one. */
export const DEFAULT_BASELINE_PATH = 'baseline.json';

const USAGE = `Usage:
  npm run baseline -- save [path] [--from <summary.json>] [--force]
      Saves a run's summary (default RESULTS_DIR/summary.json) as the baseline at path
      (default: BASELINE, else ${DEFAULT_BASELINE_PATH}). Refuses an interrupted run unless --force.
  npm run baseline -- show [path]
      Prints the figures of each scenario x prompt that the baseline test compares.`;

/** Runs the command; returns the exit code. Output goes through `out` and `err`. */
export function runBaselineCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const [command, ...rest] = args;
  const flags = new Set(rest.filter((a) => a === '--force'));
  const fromIndex = rest.indexOf('--from');
  const from = fromIndex === -1 ? undefined : rest[fromIndex + 1];
  const positional = rest.filter(
    (a, i) => a !== '--force' && a !== '--from' && !(fromIndex !== -1 && i === fromIndex + 1),
  );
  const settings = reportSettings(env);
  const path =
    positional[0] ??
    settings.config?.report.baselinePath ??
    env.BASELINE?.trim() ??
    DEFAULT_BASELINE_PATH;
  try {
    if (command === 'save') {
      if (fromIndex !== -1 && from === undefined) {
        err('--from needs a path: --from results/summary.json');
        return 2;
      }
      const source = from ?? join(settings.resultsDir, RESULT_FILES.summary);
      const saved = saveBaseline({ from: source, to: path, force: flags.has('--force') });
      out(
        `Saved ${source} as baseline ${saved.path}. Compare later runs with BASELINE=${saved.path}.`,
      );
      return 0;
    }
    if (command === 'show') {
      const baseline = readBaselineFile(path, 'baseline');
      out(`Baseline ${path}${baseline.savedAt ? ` (saved ${baseline.savedAt})` : ''}`);
      for (const scope of scopesOf(Object.keys(baseline.metrics))) {
        const [scenario, prompt] = scope;
        const figures = BASELINE_METRICS.flatMap((spec) => {
          const values = baseline.metrics[baselineKey(spec.metric, scenario, prompt)];
          const value =
            values === undefined
              ? undefined
              : (values as unknown as Record<string, unknown>)[spec.stat];
          return typeof value === 'number'
            ? [`${spec.stat} ${spec.metric} ${formatNumber(value)} ${spec.unit}`]
            : [];
        });
        out(`  ${scenario}/${prompt}: ${figures.join(', ')}`);
      }
      return 0;
    }
  } catch (error) {
    if (error instanceof BaselineError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
  err(USAGE);
  return 2;
}

/** [scenario, prompt] pairs that have `outcome:ok` sub-metrics, in first-seen order. */
function scopesOf(keys: readonly string[]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const key of keys) {
    const match = /\{scenario:([^,}]+),prompt:([^,}]+),outcome:ok\}$/.exec(key);
    if (match) seen.set(`${match[1]}/${match[2]}`, [match[1] as string, match[2] as string]);
  }
  return [...seen.values()];
}

// Run as a script (tsx helpers/report/baseline-cli.ts ...), not when imported by tests.
if (process.argv[1] !== undefined && /baseline-cli\.[cm]?[jt]s$/.test(process.argv[1])) {
  const { loadEnvironment } = await import('../config/load-environment.js');
  process.exitCode = runBaselineCli(
    process.argv.slice(2),
    loadEnvironment(),
    (line) => console.log(line),
    (line) => console.error(line),
  );
}
