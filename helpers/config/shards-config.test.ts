import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { expandGlobs } from './expand-globs.js';
import { parseStartAt } from './shards-config.js';
import { MAX_RATE_PER_SEC, readSuiteConfig, type SuiteConfig } from './suite-config.js';

const NOW = Date.parse('2026-11-30T15:00:00Z');
const REAL = { BASE: 'http://127.0.0.1:8000' };

function configOf(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig({ ...REAL, ...env }, { startAtNowEpochMs: NOW });
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

function problemsOf(env: Record<string, string>): string {
  const result = readSuiteConfig({ ...REAL, ...env }, { startAtNowEpochMs: NOW });
  if (result.ok) throw new Error(`expected configuration problems for ${JSON.stringify(env)}`);
  return new ConfigError(result.problems).message;
}

describe('SHARD, SHARD_COUNT and JOB_COMPLETION_INDEX', () => {
  it('reads SHARD=2/3 as the second of three shards, and no SHARD as the whole plan', () => {
    expect(configOf({ SHARD: '2/3' }).shards.shard).toEqual({ index: 2, count: 3 });
    expect(configOf({}).shards.shard).toBeNull();
  });

  it("reads Kubernetes' 0-based JOB_COMPLETION_INDEX with SHARD_COUNT as the 1-based shard", () => {
    expect(configOf({ SHARD_COUNT: '3', JOB_COMPLETION_INDEX: '0' }).shards.shard).toEqual({
      index: 1,
      count: 3,
    });
    expect(configOf({ SHARD_COUNT: '3', JOB_COMPLETION_INDEX: '2' }).shards.shard).toEqual({
      index: 3,
      count: 3,
    });
  });

  it('ignores JOB_COMPLETION_INDEX alone: Kubernetes sets it in every Indexed Job pod', () => {
    expect(configOf({ JOB_COMPLETION_INDEX: '1' }).shards.shard).toBeNull();
  });

  it.each([
    ['0/3', /SHARD must be i\/N with 1 <= i <= N <= 1000.*got "0\/3".*1-based/],
    ['4/3', /SHARD must be i\/N .*got "4\/3"/],
    ['1/1001', /SHARD must be i\/N .*got "1\/1001"/],
    ['two', /SHARD must be i\/N .*got "two"/],
    ['1-3', /SHARD must be i\/N .*got "1-3"/],
  ])('refuses SHARD=%s, naming the form it wants', (value, message) => {
    expect(problemsOf({ SHARD: value })).toMatch(message);
  });

  it('refuses JOB_COMPLETION_INDEX out of range of SHARD_COUNT and SHARD_COUNT without it', () => {
    expect(problemsOf({ SHARD_COUNT: '3', JOB_COMPLETION_INDEX: '3' })).toMatch(
      /JOB_COMPLETION_INDEX must be a whole number between 0 and 2, got "3"/,
    );
    expect(problemsOf({ SHARD_COUNT: '3' })).toMatch(
      /JOB_COMPLETION_INDEX must be set with SHARD_COUNT/,
    );
  });

  it("lets a merge share the shards' SHARD_COUNT: without JOB_COMPLETION_INDEX it is no shard", () => {
    const { shards } = configOf({ SHARD_COUNT: '3', MERGE_FROM: 'results/shard-*' });
    expect(shards.shard).toBeNull();
    expect(shards.mergeFrom).toEqual(['results/shard-*']);
  });

  it('refuses SHARD and SHARD_COUNT together, and SHARD with MERGE_FROM', () => {
    expect(problemsOf({ SHARD: '1/2', SHARD_COUNT: '2', JOB_COMPLETION_INDEX: '0' })).toMatch(
      /SHARD_COUNT must be unset when SHARD is set/,
    );
    expect(problemsOf({ SHARD: '1/2', MERGE_FROM: 'results' })).toMatch(
      /MERGE_FROM must be unset in a shard.*shard 1\/2/,
    );
  });

  it('lets each of N shards pace up to the per-process cap: the rate may be N times it', () => {
    const rate = String(MAX_RATE_PER_SEC * 3);
    expect(configOf({ SHARD: '1/3', STREAM_RPS: rate }).load.streamRatePerSec).toBe(
      MAX_RATE_PER_SEC * 3,
    );
    expect(problemsOf({ SHARD: '1/2', STREAM_RPS: rate })).toMatch(
      /STREAM_RPS must be .*each of 2 shards paces at most 5000/,
    );
    expect(problemsOf({ STREAM_RPS: rate })).toMatch(/STREAM_RPS must be/);
  });
});

describe('START_AT', () => {
  it('reads an ISO time with its zone and epoch ms as the same instant', () => {
    const at = '2026-11-30T15:01:00Z';
    expect(configOf({ START_AT: at }).shards.startAtEpochMs).toBe(NOW + 60_000);
    expect(configOf({ START_AT: String(NOW + 60_000) }).shards.startAtEpochMs).toBe(NOW + 60_000);
    expect(parseStartAt('2026-11-30T16:01:00+01:00')).toBe(NOW + 60_000);
  });

  it('refuses a time without a zone: pods in other zones would read another instant', () => {
    expect(problemsOf({ START_AT: '2026-11-30T15:01:00' })).toMatch(
      /START_AT must be an ISO time with its zone/,
    );
    expect(problemsOf({ START_AT: 'soon' })).toMatch(/START_AT must be an ISO time/);
    // Epoch seconds, not ms: 10 digits.
    expect(problemsOf({ START_AT: String(Math.floor(NOW / 1000)) })).toMatch(/START_AT must be/);
  });

  it('accepts a START_AT up to 5 s past, refuses one further past, naming how late', () => {
    expect(configOf({ START_AT: String(NOW - 4_000) }).shards.startAtEpochMs).toBe(NOW - 4_000);
    expect(problemsOf({ START_AT: String(NOW - 30_000) })).toMatch(
      /START_AT must be a time at most 5 s in the past.*30 s ago.*would start after the others/,
    );
  });

  it("lets a merge keep the shards' START_AT, long past: the merge starts no load", () => {
    const env = { START_AT: String(NOW - 3_600_000), MERGE_FROM: 'results/shard-*' };
    expect(configOf(env).shards.startAtEpochMs).toBe(NOW - 3_600_000);
  });

  it('checks only the form of START_AT when no now is given: readers after the start (the reporter)', () => {
    const result = readSuiteConfig({ ...REAL, START_AT: '2020-01-01T00:00:00Z' });
    expect(result.ok && result.config.shards.startAtEpochMs).toBe(
      Date.parse('2020-01-01T00:00:00Z'),
    );
  });

  it('refuses a START_AT more than 60 minutes ahead', () => {
    expect(configOf({ START_AT: String(NOW + 59 * 60_000) }).shards.startAtEpochMs).toBe(
      NOW + 59 * 60_000,
    );
    expect(problemsOf({ START_AT: '2026-12-01T15:00:00Z' })).toMatch(
      /START_AT must be a time at most 60 minutes ahead.*1440 minutes ahead/,
    );
  });
});

describe('MERGE_FROM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'merge-from-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['shard-1', 'shard-2', 'shard-10', 'other']) {
    mkdirSync(join(dir, name, '.parts'), { recursive: true });
  }

  it('reads comma-separated folders and MERGE_ALLOW_MISSING', () => {
    const { shards } = configOf({ MERGE_FROM: 'a, b/c ,', MERGE_ALLOW_MISSING: '1' });
    expect(shards.mergeFrom).toEqual(['a', 'b/c']);
    expect(shards.mergeAllowMissing).toBe(true);
  });

  it('expands * and ? within a segment to existing folders, sorted, each once', () => {
    const found = expandGlobs(['shard-*', 'shard-?', join(dir, 'other')], dir);
    expect(found.dirs).toEqual(
      ['other', 'shard-1', 'shard-10', 'shard-2'].map((name) => join(dir, name)),
    );
    expect(found.unmatched).toEqual([]);
  });

  it('names the patterns that matched no folder, and skips hidden ones unless asked', () => {
    expect(expandGlobs(['nothing-*', 'shard-3'], dir).unmatched).toEqual(['nothing-*', 'shard-3']);
    expect(expandGlobs([join(dir, 'shard-1', '*')], dir).dirs).toEqual([]);
    expect(expandGlobs([join(dir, 'shard-1', '.p*')], dir).dirs).toEqual([
      join(dir, 'shard-1', '.parts'),
    ]);
  });
});
