import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import { readDatasetFile } from './dataset-file.js';
import type { LoadedWorkload } from './workload.js';
import { parseWorkloadSource } from './workload-source.js';

export type LoadWorkloadResult =
  | { ok: true; loaded: LoadedWorkload }
  | { ok: false; problems: string[] };

/**
 * Reads `WORKLOAD` and what it names (the fixture file, every dataset line) and reports every
 * problem, so a bad workload stops the run before its first request.
 */
export function loadWorkload(
  workload: string,
  options: { skipBad: boolean; cwd?: string; promptsDir?: string },
): LoadWorkloadResult {
  const parsed = parseWorkloadSource(workload, options.cwd);
  if (!parsed.ok) return parsed;
  const { source } = parsed;
  if (source.kind === 'synthetic') return { ok: true, loaded: { source } };
  if (source.kind === 'fixture') {
    try {
      const fixture = loadPromptFixture(source.tag, options.promptsDir);
      return { ok: true, loaded: { source, fixture } };
    } catch (error) {
      return { ok: false, problems: [`WORKLOAD: ${(error as Error).message}`] };
    }
  }
  const dataset = readDatasetFile(source.path, source.format, { skipBad: options.skipBad });
  if (!dataset.ok) return dataset;
  return { ok: true, loaded: { source, items: dataset.items, skipped: dataset.skipped } };
}
