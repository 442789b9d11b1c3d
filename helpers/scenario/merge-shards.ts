import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricStore } from '../metrics/metric-store.js';
import { readSamplesFile } from '../samples-file/read-samples-file.js';
import { readSamplesFileHeader } from '../samples-file/read-samples-file-header.js';
import { knobDifferences, type RunKnobs, SHARD_ONLY_KNOBS } from './run-knobs.js';
import type { ScenarioName } from './scenario-name.js';
import {
  type ArrivalsSummary,
  type MergeNote,
  PARTS_DIR_NAME,
  partFileName,
  type ScenarioPart,
  type ShardStamp,
  samplesFileName,
} from './scenario-part.js';

/** Options of `mergeShards`. */
export interface MergeShardsOptions {
  /** The shards' result folders (RESULTS_DIR, or its `.parts` folder), globs expanded. */
  dirs: readonly string[];
  scenario: ScenarioName;
  prompt: string;
  /** This merge's own knobs: the shards must have run with the same (BASE and START_AT aside). */
  ownKnobs: RunKnobs;
  /** MERGE_ALLOW_MISSING: judge the shards present when some are missing. */
  allowMissing: boolean;
  /** Every shard's samples are added here. */
  store: MetricStore;
}

/** One shard found: where, which, and its part (null when only its samples file is there). */
interface FoundShard {
  dir: string;
  samplesPath: string;
  stamp: ShardStamp;
  knobs: RunKnobs;
  description: Record<string, unknown>;
  part: ScenarioPart | null;
}

/** What a merge gives the load spec: the shards' samples are in the store. */
export type MergeOutcome =
  | {
      ok: true;
      note: MergeNote;
      /** The first shard's part description (model, base URL, schedule, ...). */
      description: Record<string, unknown>;
      /** The shards' arrival accounts summed; null when a shard left none (killed). */
      arrivals: ArrivalsSummary | null;
      tokenSources: Record<string, number>;
      /** `interrupted` when a shard did not finish writing. */
      state: 'done' | 'interrupted';
    }
  /** Refused before a sample was read: the message names the difference or what is missing. */
  | { ok: false; message: string };

/**
 * Reads one scenario x prompt's samples from every shard folder into `store`, after checking
 * that the shards are one run: the same shard count, each index once, the same run knobs (and
 * the merge's own), none missing unless allowed. Every raw value is kept (the reader streams
 * the files), so percentiles over the store are those of a single run with the same samples.
 */
export function mergeShards(options: MergeShardsOptions): MergeOutcome {
  const { scenario, prompt } = options;
  const label = `${scenario}/${prompt}`;
  const fileName = samplesFileName(scenario, prompt);
  const found: FoundShard[] = [];
  const without: string[] = [];
  for (const dir of options.dirs) {
    const partsDir = existsSync(join(dir, PARTS_DIR_NAME)) ? join(dir, PARTS_DIR_NAME) : dir;
    const samplesPath = join(partsDir, fileName);
    if (!existsSync(samplesPath)) {
      without.push(dir);
      continue;
    }
    let description: Record<string, unknown>;
    try {
      description = readSamplesFileHeader(samplesPath).description;
    } catch (error) {
      return { ok: false, message: `${label}: ${(error as Error).message}` };
    }
    const stamp = description.shard as ShardStamp | undefined;
    const knobs = description.runKnobs as RunKnobs | undefined;
    if (stamp === undefined || knobs === undefined) {
      return {
        ok: false,
        message:
          `${label}: ${samplesPath} was written by a whole run, not a shard (SHARD unset); ` +
          'MERGE_FROM takes the result folders of shards run with SHARD=i/N',
      };
    }
    found.push({
      dir,
      samplesPath,
      stamp,
      knobs,
      description,
      part: readPart(partsDir, scenario, prompt),
    });
  }
  const where = (s: FoundShard): string => `shard ${s.stamp.index}/${s.stamp.count} (${s.dir})`;
  const noneHere = without.length === 0 ? '' : `; no ${fileName} in ${without.join(', ')}`;
  const first = found[0];
  if (first === undefined) {
    return {
      ok: false,
      message: `${label}: no shard's samples found in MERGE_FROM (${options.dirs.join(', ') || 'no folder'})${noneHere}`,
    };
  }
  const count = first.stamp.count;
  for (const shard of found) {
    if (shard.stamp.count !== count) {
      return {
        ok: false,
        message: `${label}: the shards were not split alike: ${where(first)} but ${where(shard)}; merge the shards of one run`,
      };
    }
  }
  const byIndex = new Map<number, FoundShard>();
  for (const shard of found) {
    const twin = byIndex.get(shard.stamp.index);
    if (twin !== undefined) {
      return {
        ok: false,
        message: `${label}: shard ${shard.stamp.index}/${count} is there twice, in ${twin.dir} and ${shard.dir}; each shard's folder once`,
      };
    }
    byIndex.set(shard.stamp.index, shard);
  }
  for (const shard of found.slice(1)) {
    const differences = knobDifferences(first.knobs, shard.knobs);
    if (differences.length > 0) {
      const named = differences.map(
        (d) => `${d.knob} is ${d.a} in ${where(first)} but ${d.b} in ${where(shard)}`,
      );
      return {
        ok: false,
        message: `${label}: the shards ran different configs, so they are not one run: ${named.join('; ')}`,
      };
    }
  }
  const mine = knobDifferences(first.knobs, options.ownKnobs, SHARD_ONLY_KNOBS);
  if (mine.length > 0) {
    const named = mine.map((d) => `${d.knob} is ${d.a} in the shards but ${d.b} here`);
    return {
      ok: false,
      message: `${label}: this merge's config differs from the shards': ${named.join('; ')}; run the merge with the shards' settings`,
    };
  }
  const missing: number[] = [];
  for (let index = 1; index <= count; index += 1) if (!byIndex.has(index)) missing.push(index);
  const missingText = missing.map((i) => `${i}/${count}`).join(', ');
  if (missing.length > 0 && !options.allowMissing) {
    return {
      ok: false,
      message:
        `${label}: shard ${missingText} missing (found ${found.map(where).join(', ')}${noneHere}); ` +
        'the merge judges the whole run; set MERGE_ALLOW_MISSING=1 to judge the shards present',
    };
  }

  const shards = [...byIndex.values()].sort((a, b) => a.stamp.index - b.stamp.index);
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `${label}: merged ${shards.length} of ${count} shards; shard ${missingText} missing (MERGE_ALLOW_MISSING=1): the run's counts and percentiles lack their samples`,
    );
  }
  let state: 'done' | 'interrupted' = 'done';
  const note: MergeNote = {
    shardCount: count,
    shards: [],
    missing,
    problems,
    runStartedEpochMs: Number.POSITIVE_INFINITY,
    runEndedEpochMs: 0,
  };
  for (const shard of shards) {
    const read = readSamplesFile(shard.samplesPath, options.store);
    problems.push(...read.problems.map((p) => `${where(shard)}: ${p}`));
    const shardState = read.end?.state ?? 'unfinished';
    if (shardState !== 'done') {
      state = 'interrupted';
      problems.push(
        `${label}: ${where(shard)} ended ${shardState}: the merge holds its samples up to its last write`,
      );
    }
    note.shards.push({ index: shard.stamp.index, dir: shard.dir, state: shardState });
    // The run's time span is the shards' (k6 counter rates divide by it), not the merge's.
    const started = shard.stamp.startAtEpochMs ?? shard.part?.startedEpochMs;
    const ended = read.end?.endedEpochMs ?? shard.part?.updatedEpochMs;
    if (started !== undefined) note.runStartedEpochMs = Math.min(note.runStartedEpochMs, started);
    if (ended !== undefined) note.runEndedEpochMs = Math.max(note.runEndedEpochMs, ended);
  }
  if (!Number.isFinite(note.runStartedEpochMs)) note.runStartedEpochMs = note.runEndedEpochMs;
  const tokenSources: Record<string, number> = {};
  for (const shard of shards) {
    for (const [source, n] of Object.entries(shard.part?.tokenSources ?? {})) {
      tokenSources[source] = (tokenSources[source] ?? 0) + n;
    }
  }
  return {
    ok: true,
    note,
    description: first.description,
    arrivals: sumArrivals(shards.map((s) => s.part?.arrivals ?? null)),
    tokenSources,
    state,
  };
}

function readPart(partsDir: string, scenario: ScenarioName, prompt: string): ScenarioPart | null {
  const path = join(partsDir, partFileName(scenario, prompt));
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ScenarioPart;
  } catch {
    return null; // the samples file alone is enough to merge; the account is then unknown
  }
}

/** The shards ran at the same time: counts and rates add up, durations take the longest. */
function sumArrivals(all: readonly (ArrivalsSummary | null)[]): ArrivalsSummary | null {
  if (all.length === 0 || all.some((a) => a === null)) return null;
  const list = all as ArrivalsSummary[];
  const sum = (pick: (a: ArrivalsSummary) => number): number =>
    list.reduce((total, a) => total + pick(a), 0);
  const stopped = list.find((a) => a.end.kind === 'stopped');
  return {
    scheduled: sum((a) => a.scheduled),
    started: sum((a) => a.started),
    dropped: sum((a) => a.dropped),
    completed: sum((a) => a.completed),
    aborted: sum((a) => a.aborted),
    iterateErrors: sum((a) => a.iterateErrors),
    gracefulStopExpired: list.some((a) => a.gracefulStopExpired),
    // Each shard's own peak, added: an upper bound of the run's (the peaks may not coincide).
    peakInFlight: sum((a) => a.peakInFlight),
    scheduleDurationMs: Math.max(...list.map((a) => a.scheduleDurationMs)),
    durationMs: Math.max(...list.map((a) => a.durationMs)),
    achievedRatePerSec: sum((a) => a.achievedRatePerSec),
    end: stopped?.end ?? { kind: 'completed' },
  };
}
