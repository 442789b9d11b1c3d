import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../load/seeded-random.js';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordDroppedIteration, recordSample } from '../metrics/record-sample.js';
import { SamplesFileWriter } from '../samples-file/samples-file-writer.js';
import { checkSla } from '../sla/check-sla.js';
import { mergeShards } from './merge-shards.js';
import type { RunKnobs } from './run-knobs.js';
import { PARTS_DIR_NAME, samplesFileName } from './scenario-part.js';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'merge-shards-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const KNOBS: RunKnobs = {
  BASE: 'http://127.0.0.1:8000',
  MODEL: 'm',
  STREAM_RPS: '30',
  SEED: '1',
  SLA_STREAM_SHORT_TTFT_P95_MS: '1000',
};
const SCOPE = 'scenario:chat_stream,prompt:short';
/** The SLAs a load spec judges, scoped as `useLoadScenario` scopes them. */
const SLAS: [string, string][] = [
  [`http_req_failed{${SCOPE}}`, 'rate<0.02'],
  [`llm_ttft_ms{${SCOPE},status:200}`, 'p(95)<1000'],
  [`llm_ttft_ms{${SCOPE},status:200}`, 'p(99.9)<1500'],
  [`http_req_duration{${SCOPE},status:200}`, 'med<900'],
  [`dropped_iterations{${SCOPE}}`, 'count<=3'],
  [`llm_itl_ms{${SCOPE}}`, 'p(95)<100'],
];

/** Random samples: ~3% failed, TTFT spread around the threshold, a few dropped arrivals. */
function recordShardSamples(store: MetricStore, seed: number, requests: number): void {
  const random = createSeededRandom(seed);
  for (let i = 0; i < requests; i += 1) {
    const failed = random() < 0.03;
    const ttftMs = 200 + random() * 1000;
    recordSample(
      store,
      fakeSample({
        startEpochMs: 1_763_000_000_000 + seed * 7 + i * 33.3,
        ttftMs,
        totalMs: ttftMs + random() * 400,
        itlMs: [random() * 120, random() * 80],
        ...(failed ? { outcome: { kind: 'http-error', status: 503, message: 'busy' } } : {}),
        tags: failed ? { status: '503' } : {},
      }),
      random() * 5,
    );
    if (random() < 0.005) {
      recordDroppedIteration(
        store,
        { scenario: 'chat_stream', prompt: 'short' },
        1_763_000_000_000 + i,
      );
    }
  }
}

/** Writes a shard's samples file as a load spec does: `<dir>/.parts/<scenario>--<prompt>.samples`. */
function writeShard(
  name: string,
  store: MetricStore,
  stamp: { index: number; count: number },
  knobs: RunKnobs = KNOBS,
  state = 'done',
  startAtEpochMs: number | null = null,
): string {
  const dir = join(root, name);
  mkdirSync(join(dir, PARTS_DIR_NAME), { recursive: true });
  const writer = SamplesFileWriter.create(
    join(dir, PARTS_DIR_NAME, samplesFileName('chat_stream', 'short')),
    {
      scenario: 'chat_stream',
      prompt: 'short',
      baseUrl: knobs.BASE,
      simulated: false,
      shard: { ...stamp, startAtEpochMs, fullPlanArrivals: 0, shardPlanArrivals: 0 },
      runKnobs: knobs,
    },
    { maxPointsPerRecord: 97 },
  );
  writer.flush(store);
  writer.end(store, state);
  writer.close();
  return dir;
}

/** Three shards of random samples, and one store with all of them (the single run). */
function threeShards(): { dirs: string[]; single: MetricStore } {
  const single = new MetricStore();
  const dirs = [1, 2, 3].map((index) => {
    const store = new MetricStore();
    recordShardSamples(store, index, 700 + index * 50);
    recordShardSamples(single, index, 700 + index * 50);
    return writeShard(`shard-${index}`, store, { index, count: 3 });
  });
  return { dirs, single };
}

function merge(dirs: string[], options: { allowMissing?: boolean; ownKnobs?: RunKnobs } = {}) {
  const store = new MetricStore();
  const outcome = mergeShards({
    dirs,
    scenario: 'chat_stream',
    prompt: 'short',
    ownKnobs: options.ownKnobs ?? KNOBS,
    allowMissing: options.allowMissing ?? false,
    store,
  });
  return { store, outcome };
}

describe('merging shards', () => {
  it('judges every SLA over the union exactly as over one store holding all the samples', () => {
    const { dirs, single } = threeShards();
    const { store, outcome } = merge(dirs);
    expect(outcome.ok).toBe(true);
    expect(store.pointCount).toBe(single.pointCount);
    for (const [selector, threshold] of SLAS) {
      const merged = checkSla(store, selector, threshold, { durationMs: 60_000 });
      const whole = checkSla(single, selector, threshold, { durationMs: 60_000 });
      // Verdict, measured value, sample count and distribution: all the same numbers.
      expect(merged).toEqual(whole);
    }
    // The samples make both verdicts: some pass, some fail.
    const verdicts = SLAS.map(([s, t]) => checkSla(store, s, t).status);
    expect(verdicts).toContain('pass');
    expect(verdicts).toContain('fail');
  });

  it('keeps every raw value: the sorted TTFTs of the merge are those of the single store', () => {
    const { dirs, single } = threeShards();
    const { store } = merge(dirs);
    const selector = { metric: 'llm_ttft_ms', tags: { status: '200' } };
    const sorted = (s: MetricStore) => [...s.select(selector).values].sort((a, b) => a - b);
    expect(sorted(store)).toEqual(sorted(single));
    expect(store.statistics(selector)).toEqual(single.statistics(selector));
  });

  it('names each knob in which a shard differs, with both values and both folders', () => {
    const { dirs } = threeShards();
    const other = new MetricStore();
    recordShardSamples(other, 9, 20);
    rmSync(dirs[1] as string, { recursive: true });
    const odd = writeShard(
      'shard-2',
      other,
      { index: 2, count: 3 },
      {
        ...KNOBS,
        SEED: '2',
        MODEL: 'other',
      },
    );
    const { outcome, store } = merge([dirs[0] as string, odd, dirs[2] as string]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toContain(
      `MODEL is m in shard 1/3 (${dirs[0]}) but other in shard 2/3 (${odd})`,
    );
    expect(outcome.message).toContain('SEED is 1 in shard 1/3');
    expect(outcome.message).toContain('but 2 in shard 2/3');
    // Refused before any sample was read.
    expect(store.pointCount).toBe(0);
  });

  it("refuses a merge whose own thresholds differ from the shards', naming the knob", () => {
    const { dirs } = threeShards();
    const { outcome } = merge(dirs, {
      ownKnobs: { ...KNOBS, BASE: 'http://elsewhere:1', SLA_STREAM_SHORT_TTFT_P95_MS: '800' },
    });
    expect(outcome).toEqual({
      ok: false,
      message:
        "chat_stream/short: this merge's config differs from the shards': SLA_STREAM_SHORT_TTFT_P95_MS is 1000 in the shards but 800 here; run the merge with the shards' settings",
    });
  });

  it('refuses a missing shard, naming it, unless MERGE_ALLOW_MISSING; then the note says which', () => {
    const { dirs } = threeShards();
    const present = [dirs[0] as string, dirs[2] as string];
    const refused = merge(present).outcome;
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.message).toMatch(/shard 2\/3 missing .*set MERGE_ALLOW_MISSING=1/);
    }
    const { outcome, store } = merge(present, { allowMissing: true });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.note.missing).toEqual([2]);
    expect(outcome.note.shards.map((s) => s.index)).toEqual([1, 3]);
    expect(outcome.note.problems.join('\n')).toMatch(/merged 2 of 3 shards; shard 2\/3 missing/);
    // Only the shards present: 750 + 850 requests.
    expect(store.count({ metric: 'http_reqs', tags: {} })).toBe(1600);
  });

  it('refuses the same shard twice, shards split differently, and a whole run', () => {
    const { dirs } = threeShards();
    const twin = new MetricStore();
    recordShardSamples(twin, 5, 10);
    const again = writeShard('again', twin, { index: 1, count: 3 });
    const twice = merge([...dirs, again]).outcome;
    expect(!twice.ok && twice.message).toMatch(
      /shard 1\/3 is there twice, in .*shard-1 and .*again/,
    );

    const fourths = writeShard('fourths', twin, { index: 4, count: 4 });
    const split = merge([dirs[0] as string, fourths]).outcome;
    expect(!split.ok && split.message).toMatch(/not split alike: shard 1\/3 .* but shard 4\/4/);

    const whole = join(root, 'whole');
    mkdirSync(join(whole, PARTS_DIR_NAME), { recursive: true });
    const writer = SamplesFileWriter.create(
      join(whole, PARTS_DIR_NAME, samplesFileName('chat_stream', 'short')),
      { scenario: 'chat_stream', prompt: 'short' },
    );
    writer.end(twin, 'done');
    writer.close();
    const notShard = merge([whole]).outcome;
    expect(!notShard.ok && notShard.message).toMatch(/written by a whole run, not a shard/);
  });

  it("spans the shards' run, from START_AT to the last shard's end, not the merge's own time", () => {
    const store = new MetricStore();
    recordShardSamples(store, 1, 30);
    const startAt = Date.now() - 60_000;
    const a = writeShard('a', store, { index: 1, count: 2 }, KNOBS, 'done', startAt);
    const before = Date.now();
    const b = writeShard('b', store, { index: 2, count: 2 }, KNOBS, 'done', startAt);
    const after = Date.now();
    const { outcome } = merge([a, b]);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.note.runStartedEpochMs).toBe(startAt);
    expect(outcome.note.runEndedEpochMs).toBeGreaterThanOrEqual(before);
    expect(outcome.note.runEndedEpochMs).toBeLessThanOrEqual(after);
  });

  it('marks the merge interrupted, and says which shard, when a shard did not finish', () => {
    const store = new MetricStore();
    recordShardSamples(store, 1, 30);
    const a = writeShard('a', store, { index: 1, count: 2 });
    const b = writeShard('b', store, { index: 2, count: 2 }, KNOBS, 'interrupted');
    const { outcome } = merge([a, b]);
    expect(outcome.ok && outcome.state).toBe('interrupted');
    expect(outcome.ok && outcome.note.problems.join('\n')).toMatch(
      /shard 2\/2 \(.*b\) ended interrupted/,
    );
  });
});
