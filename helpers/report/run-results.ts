import type { CapacityResult } from '../capacity/capacity-result.js';
import type { SuiteConfig } from '../config/suite-config.js';
import type { MetricStore } from '../metrics/metric-store.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import { type PublicSuiteConfig, publicSuiteConfig } from './public-config.js';

/** Everything the reports are made from: the parts of one run and their samples merged. */
export interface RunResults {
  /** One part per scenario x prompt, in report order. */
  parts: readonly ScenarioPart[];
  /** Every part's samples in one store (`readRunSamples`). */
  store: MetricStore;
  /** Earliest scenario start, epoch ms. */
  startedEpochMs: number;
  /** Latest part update (or the given end), epoch ms. */
  endedEpochMs: number;
  /** True when the run was stopped (Ctrl-C) or a part is not finished. */
  interrupted: boolean;
  /** The suite config without secret values; null when it could not be read. */
  config: PublicSuiteConfig | null;
  /** What the reports should say about the parts (a worker that stopped without finishing). */
  problems: string[];
  /** Capacity searches of this run (specs/capacity), in report order. */
  capacity: readonly CapacityResult[];
}

/** Options of `collectRunResults`. */
export interface CollectRunOptions {
  /** The suite config (secrets are dropped here); null when unavailable. */
  config: SuiteConfig | null;
  /** Every part's samples in one store (`readRunSamples`). */
  store: MetricStore;
  /** The run was interrupted whatever the parts say (the reporter got SIGINT). */
  interrupted?: boolean;
  /** End of the run, epoch ms; default the latest `updatedEpochMs` of the parts. */
  endedEpochMs?: number;
  /** Capacity searches of this run; default none. */
  capacity?: readonly CapacityResult[];
}

/**
 * Dates the run and settles the parts. Called when the workers are done (or given up on): a part
 * still `running` then belongs to a worker that stopped without finishing (killed hard, or it
 * did not save in time after Ctrl-C), so it becomes `interrupted` with a problem that says so;
 * its samples are those of its last flush.
 */
export function collectRunResults(
  inputParts: readonly ScenarioPart[],
  options: CollectRunOptions,
): RunResults {
  const { store } = options;
  const problems: string[] = [];
  const parts = inputParts.map((part): ScenarioPart => {
    if (part.state !== 'running') return part;
    const scope = { scenario: part.scenario, prompt: part.prompt };
    const requests = store.sum({ metric: 'http_reqs', tags: scope });
    problems.push(
      `${part.scenario}/${part.prompt}: its worker stopped without finishing (killed, or it did ` +
        `not save in time); shown as interrupted, with the ${requests} requests it recorded up ` +
        `to its last write at ${new Date(part.updatedEpochMs).toISOString()}`,
    );
    return { ...part, state: 'interrupted' };
  });
  // A merge (MERGE_FROM) says which shards were missing or unfinished.
  for (const part of parts) problems.push(...(part.merge?.problems ?? []));
  // A merge (MERGE_FROM) reports the shards' run: its span, not the merge's few seconds.
  const merges = parts.flatMap((p) => (p.merge ? [p.merge] : []));
  const capacity = options.capacity ?? [];
  const startedEpochMs =
    merges.length > 0
      ? Math.min(...merges.map((m) => m.runStartedEpochMs))
      : Math.min(...parts.map((p) => p.startedEpochMs), ...capacity.map((c) => c.startedEpochMs));
  const endedEpochMs =
    merges.length > 0
      ? Math.max(...merges.map((m) => m.runEndedEpochMs))
      : (options.endedEpochMs ??
        Math.max(
          ...parts.map((p) => p.updatedEpochMs),
          ...capacity.map((c) => c.startedEpochMs + c.durationMs),
        ));
  const unfinished = parts.some((p) => p.state === 'running' || p.state === 'interrupted');
  return {
    parts,
    store,
    startedEpochMs: Number.isFinite(startedEpochMs) ? startedEpochMs : 0,
    endedEpochMs: Number.isFinite(endedEpochMs) ? endedEpochMs : 0,
    interrupted: options.interrupted === true || unfinished,
    config: options.config === null ? null : publicSuiteConfig(options.config),
    problems,
    capacity,
  };
}

/** Length of the run, ms (never negative). */
export function runDurationMs(results: RunResults): number {
  return Math.max(0, results.endedEpochMs - results.startedEpochMs);
}
