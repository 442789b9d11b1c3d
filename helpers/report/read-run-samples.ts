import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MetricStore } from '../metrics/metric-store.js';
import { readSamplesFile } from '../samples-file/read-samples-file.js';
import { PARTS_DIR_NAME, type ScenarioPart } from '../scenario/scenario-part.js';

/** Every part's samples, merged, and what went wrong reading them. */
export interface RunSamples {
  /** The samples of every part in one store. */
  store: MetricStore;
  /** One sentence per problem (a missing, truncated or corrupt samples file), file name first. */
  problems: string[];
}

/**
 * Reads the samples file of each part (`RESULTS_DIR/.parts/<scenario>--<prompt>.samples`)
 * record by record into one store: memory grows with the per-request points and the
 * histograms, never with the file's size as text.
 */
export function readRunSamples(resultsDir: string, parts: readonly ScenarioPart[]): RunSamples {
  const store = new MetricStore();
  const problems: string[] = [];
  for (const part of parts) {
    if (part.samplesError !== undefined) problems.push(part.samplesError);
    if (part.samplesFile === null) continue;
    const path = join(resultsDir, PARTS_DIR_NAME, part.samplesFile);
    if (!existsSync(path)) {
      problems.push(`${part.samplesFile}: missing; ${part.scenario}/${part.prompt} has no samples`);
      continue;
    }
    try {
      problems.push(...readSamplesFile(path, store).problems);
    } catch (error) {
      problems.push(`${part.samplesFile}: not readable (${(error as Error).message})`);
    }
  }
  return { store, problems };
}
