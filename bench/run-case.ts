import type { BenchCase, BenchMode, CaseResult } from './bench-case.js';
import { missingFigures } from './bench-results.js';
import { stopAllChildren } from './child-processes.js';
import { watchMachineLoad } from './machine-load.js';

/**
 * Runs one case in this process and turns whatever happens into a CaseResult: a report
 * without figures, or a throw, is `crashed`. Server processes the case left running are
 * stopped before it returns.
 */
export async function runCase(
  benchCase: BenchCase,
  mode: BenchMode,
  profile = false,
): Promise<CaseResult> {
  const { name, title } = benchCase;
  const startMs = performance.now();
  const watch = watchMachineLoad();
  const log = (line: string): void => {
    process.stderr.write(`[bench] ${line}\n`);
  };
  try {
    const report = await benchCase.run({ mode, profile, log });
    const durationMs = performance.now() - startMs;
    const machine = watch.end();
    const missing = missingFigures(report);
    if (missing.length > 0) {
      return { status: 'crashed', name, title, durationMs, machine, error: missing.join('; ') };
    }
    return { status: 'ran', name, title, durationMs, machine, report };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name} crashed: ${text}`);
    const durationMs = performance.now() - startMs;
    return { status: 'crashed', name, title, durationMs, machine: watch.end(), error: text };
  } finally {
    await stopAllChildren();
  }
}
