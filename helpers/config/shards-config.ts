import type { EnvReader } from './env-reader.js';

/** This process's share of every scenario's plan: arrivals index, index + count, ... (1-based). */
export interface Shard {
  /** 1-based: shard 1 of 3 takes arrivals 1, 4, 7, ... of the full plan. */
  readonly index: number;
  readonly count: number;
}

/** Running as one of N shards, starting together, or merging shards' samples (docs/shards.md). */
export interface ShardsConfig {
  /** `SHARD=i/N`, or `JOB_COMPLETION_INDEX` (0-based) with `SHARD_COUNT=N`; null runs the whole plan. */
  shard: Shard | null;
  /** `START_AT`: the first arrival waits until this time, epoch ms; null starts at once. */
  startAtEpochMs: number | null;
  /** `MERGE_FROM`: the shards' result folders or globs, comma-separated; null runs load. */
  mergeFrom: readonly string[] | null;
  /** `MERGE_ALLOW_MISSING`: merge although some shards' samples are missing (the summary names them). */
  mergeAllowMissing: boolean;
}

/** Most shards of one run: a bound on a typo (`SHARD=1/30000`), far above any real fleet. */
export const MAX_SHARDS = 1000;
/** START_AT may lie this far in the past when read: pods start a little late. */
export const START_AT_LATE_TOLERANCE_MS = 5_000;
/** START_AT at most this far ahead: beyond, a typo (a year, ms for s) would hang the run. */
export const MAX_START_DELAY_MS = 60 * 60_000;

const SHARD_FORM = 'i/N with 1 <= i <= N <= 1000, such as 1/3 (1-based)';

/** Reads SHARD / JOB_COMPLETION_INDEX + SHARD_COUNT, START_AT, MERGE_FROM, MERGE_ALLOW_MISSING. */
/** `nowEpochMs` null checks START_AT's form only (see `ReadSuiteConfigOptions`). */
export function readShardsConfig(read: EnvReader, nowEpochMs: number | null): ShardsConfig {
  const mergeText = read.optionalString('MERGE_FROM');
  const shard = readShard(read, mergeText !== null);
  // A merge starts no load: the shards' START_AT (often in the same env) has passed by then.
  const startAtEpochMs = readStartAt(read, mergeText === null ? nowEpochMs : null);
  const mergeFrom =
    mergeText === null
      ? null
      : mergeText
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  if (mergeText !== null && mergeFrom?.length === 0) {
    read.problem('MERGE_FROM', mergeText, 'one or more folders or globs, comma-separated');
  }
  if (mergeFrom !== null && shard !== null) {
    read.problem(
      'MERGE_FROM',
      mergeText ?? '',
      'unset in a shard',
      `this process is shard ${shard.index}/${shard.count} (SHARD or SHARD_COUNT): a shard runs load, the merge reads the shards' results; run them as separate processes`,
    );
  }
  return {
    shard,
    startAtEpochMs,
    mergeFrom: mergeFrom === null || mergeFrom.length === 0 ? null : mergeFrom,
    mergeAllowMissing: read.boolean('MERGE_ALLOW_MISSING', false),
  };
}

function readShard(read: EnvReader, merging: boolean): Shard | null {
  const text = read.optionalString('SHARD');
  const countText = read.optionalString('SHARD_COUNT');
  if (text !== null && countText !== null) {
    read.problem(
      'SHARD_COUNT',
      countText,
      'unset when SHARD is set',
      'set SHARD=i/N, or SHARD_COUNT=N with Kubernetes JOB_COMPLETION_INDEX (0-based), not both',
    );
    return null;
  }
  if (text !== null) {
    const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (match === null || !(index >= 1 && index <= count && count <= MAX_SHARDS)) {
      const note =
        match !== null && index === 0
          ? 'SHARD is 1-based (1/N to N/N); Kubernetes JOB_COMPLETION_INDEX is 0-based: use it with SHARD_COUNT instead'
          : undefined;
      read.problem('SHARD', text, SHARD_FORM, note);
      return null;
    }
    return { index, count };
  }
  if (countText === null) return null;
  const count = read.optionalInteger('SHARD_COUNT', { min: 1, max: MAX_SHARDS });
  const indexText = read.optionalString('JOB_COMPLETION_INDEX');
  // A merge Job may share the shards' settings (SHARD_COUNT) without being an indexed pod.
  if (indexText === null && merging) return null;
  if (indexText === null) {
    read.problem(
      'JOB_COMPLETION_INDEX',
      '',
      'set with SHARD_COUNT: the 0-based index Kubernetes gives each pod of an Indexed Job',
      'outside Kubernetes, set SHARD=i/N (1-based) instead of SHARD_COUNT',
    );
    return null;
  }
  const zeroBased = read.optionalInteger('JOB_COMPLETION_INDEX', {
    min: 0,
    max: (count ?? MAX_SHARDS) - 1,
  });
  if (count === null || zeroBased === null) return null;
  return { index: zeroBased + 1, count };
}

/** START_AT, checked against now unless `nowEpochMs` is null (a merge, or a reader after the start). */
function readStartAt(read: EnvReader, nowEpochMs: number | null): number | null {
  const text = read.optionalString('START_AT');
  if (text === null) return null;
  const epochMs = parseStartAt(text);
  if (epochMs === null) {
    read.problem(
      'START_AT',
      text,
      'an ISO time with its zone, such as 2026-11-30T15:00:00Z, or epoch milliseconds (13 digits)',
    );
    return null;
  }
  const problem = nowEpochMs === null ? null : startAtProblem(epochMs, nowEpochMs);
  if (problem !== null) read.problem('START_AT', text, problem.expected, problem.note);
  return problem === null ? epochMs : null;
}

/** An ISO 8601 time with a zone (Z or +hh:mm) or epoch ms; null for anything else. */
export function parseStartAt(text: string): number | null {
  if (/^\d{12,14}$/.test(text)) return Number(text);
  // A time without a zone would be read in the machine's zone: pods in other zones would differ.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return null;
  }
  const epochMs = Date.parse(text);
  return Number.isFinite(epochMs) ? epochMs : null;
}

/**
 * Why START_AT cannot be used now: more than `START_AT_LATE_TOLERANCE_MS` in the past (this
 * shard would start after the others, and its arrivals would not be the plan's), or more than
 * `MAX_START_DELAY_MS` ahead. Null when it can.
 */
export function startAtProblem(
  startAtEpochMs: number,
  nowEpochMs: number,
): { expected: string; note: string } | null {
  const aheadMs = startAtEpochMs - nowEpochMs;
  if (aheadMs < -START_AT_LATE_TOLERANCE_MS) {
    return {
      expected: `a time at most ${START_AT_LATE_TOLERANCE_MS / 1000} s in the past`,
      note: `it was ${Math.round(-aheadMs / 1000)} s ago at ${new Date(nowEpochMs).toISOString()}: this shard would start after the others; give every shard a START_AT a little ahead (e.g. now + 60 s)`,
    };
  }
  if (aheadMs > MAX_START_DELAY_MS) {
    return {
      expected: `a time at most ${MAX_START_DELAY_MS / 60_000} minutes ahead`,
      note: `it is ${Math.round(aheadMs / 60_000)} minutes ahead of ${new Date(nowEpochMs).toISOString()}`,
    };
  }
  return null;
}
