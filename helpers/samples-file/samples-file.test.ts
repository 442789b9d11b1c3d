import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { METRIC_NAMES, recordSample } from '../metrics/record-sample.js';
import { readSamplesFile } from './read-samples-file.js';
import { SamplesFileWriter } from './samples-file-writer.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samples-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const DESCRIPTION = { scenario: 'chat_stream', prompt: 'short', model: 'm' };

/** Every exact series of a store as [metric, tags, values, times], for bitwise comparison. */
function exactSeries(store: MetricStore): [string, string, number[], number[]][] {
  return [...store.series()]
    .map((s): [string, string, number[], number[]] => [
      s.metric,
      JSON.stringify(s.tags),
      [...s.values],
      [...s.timesEpochMs],
    ])
    .sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
}

function readBack(path: string): { store: MetricStore; read: ReturnType<typeof readSamplesFile> } {
  const store = new MetricStore();
  const read = readSamplesFile(path, store);
  return { store, read };
}

describe('samples file', () => {
  it('keeps every per-request value and time bit for bit through write and read', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, finite, fc.constantFrom('200', '503')), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, maxPointsPerRecord) => {
          const path = join(dir, 'p.samples');
          const store = new MetricStore();
          const writer = SamplesFileWriter.create(path, DESCRIPTION, { maxPointsPerRecord });
          rows.forEach(([ttftMs, startEpochMs, status], i) => {
            recordSample(
              store,
              fakeSample({ ttftMs, startEpochMs, totalMs: -ttftMs, tags: { status } }),
              i,
            );
            if (i % 5 === 0) writer.flush(store);
          });
          writer.end(store, 'done');
          writer.close();
          const { store: copy, read } = readBack(path);
          expect(read.problems).toEqual([]);
          expect(read.end?.state).toBe('done');
          expect(read.header?.description).toEqual(DESCRIPTION);
          expect(copy.pointCount).toBe(store.pointCount);
          const want = exactSeries(store);
          const got = exactSeries(copy);
          // toEqual tells -0 from 0 and compares NaN-free doubles exactly.
          expect(got).toEqual(want);
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the same file byte for byte when flushed in the background', async () => {
    // The header and end records hold Date.now(): one clock for both files.
    vi.useFakeTimers({ toFake: ['Date'], now: 1_796_000_000_000 });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const stores = [new MetricStore(), new MetricStore()];
    const paths = [join(dir, 'now.samples'), join(dir, 'bg.samples')];
    const writers = paths.map((path) => SamplesFileWriter.create(path, DESCRIPTION));
    const [now, bg] = writers as [SamplesFileWriter, SamplesFileWriter];
    for (let i = 0; i < 40; i += 1) {
      const sample = fakeSample({
        ttftMs: i,
        startEpochMs: 1000 + i,
        itlMs: [1, 2, 3 + i],
        tags: { status: i % 9 === 0 ? '503' : '200' },
      });
      for (const store of stores) recordSample(store, sample, i);
      if (i % 3 === 0) {
        now.flush(stores[0] as MetricStore);
        bg.flushInBackground(stores[1] as MetricStore);
      }
    }
    await bg.settled();
    now.end(stores[0] as MetricStore, 'done');
    bg.end(stores[1] as MetricStore, 'done');
    now.close();
    bg.close();
    expect(bg.bytesWritten).toBe(now.bytesWritten);
    const [a, b] = paths.map((path) => readFileSync(path));
    const { read } = readBack(paths[1] as string);
    expect(read.problems).toEqual([]);
    expect(read.end?.state).toBe('done');
    expect(b?.equals(a as Buffer)).toBe(true);
  });

  it('keeps the llm_itl_ms histogram: count, min, max, sum and percentiles as written', () => {
    const path = join(dir, 'h.samples');
    const store = new MetricStore();
    const writer = SamplesFileWriter.create(path, DESCRIPTION);
    for (let i = 0; i < 50; i += 1) {
      recordSample(store, fakeSample({ itlMs: [i, i * 1.5, 0.01 * i + 3, 900 + i] }), null);
      if (i % 10 === 9) writer.flush(store);
    }
    writer.end(store, 'done');
    writer.close();
    const { store: copy } = readBack(path);
    const selector = { metric: 'llm_itl_ms', tags: {} };
    expect(copy.statistics(selector, [50, 95, 99])).toEqual(
      store.statistics(selector, [50, 95, 99]),
    );
    expect(copy.count(selector)).toBe(200);
  });

  it('writes nothing for an unchanged store and only the new points after', () => {
    const path = join(dir, 'n.samples');
    const store = new MetricStore();
    const writer = SamplesFileWriter.create(path, DESCRIPTION);
    recordSample(store, fakeSample(), 0);
    expect(writer.flush(store)).toBeGreaterThan(0);
    expect(writer.flush(store)).toBe(0);
    recordSample(store, fakeSample({ ttftMs: 1 }), 0);
    const bytes = writer.flush(store);
    // One points record per metric of the sample (16 B header + 8 B prefix + 16 B) and one
    // histogram record for its 4 gaps: no series or tag set again.
    expect(bytes).toBeLessThan(40 * METRIC_NAMES.length + 200);
    writer.close();
    const { store: copy, read } = readBack(path);
    expect(read.end).toBeNull();
    expect(copy.count({ metric: 'llm_ttft_ms', tags: {} })).toBe(2);
  });

  it('drops a record cut anywhere (a hard kill mid-write) and keeps every record before it', () => {
    const path = join(dir, 't.samples');
    const store = new MetricStore();
    const writer = SamplesFileWriter.create(path, DESCRIPTION, { maxPointsPerRecord: 4 });
    const tags = { scenario: 'chat_stream', prompt: 'short' };
    for (let i = 0; i < 12; i += 1) {
      store.record('llm_ttft_ms', tags, i, 1000 + i);
      store.record('llm_total_ms', tags, i, 1000 + i);
      store.record('llm_itl_ms', tags, i, 1000 + i);
      if (i % 4 === 3) writer.flush(store);
    }
    writer.close();
    const whole = statSync(path).size;
    const complete = readBack(path).store.count({ metric: 'llm_ttft_ms', tags: {} });
    expect(complete).toBe(12);
    const original = readFileSync(path);
    let previous = 0;
    let flagged = 0;
    const seen = new Set<number>();
    // Cut at every third byte (inside headers, payloads, at boundaries): the ttft values read
    // are always the first ones written, in order, fewer as the cut moves up (4 per record).
    let cuts = 0;
    for (let size = whole - 1; size >= 8; size -= 3) {
      cuts += 1;
      writeFileSync(path, original.subarray(0, size));
      const { store: copy, read } = readBack(path);
      const ttft = copy.count({ metric: 'llm_ttft_ms', tags: {} });
      expect(ttft).toBeLessThanOrEqual(complete);
      // A cut between two records reads as a clean end; any other is named.
      if (read.problems.length > 0) {
        expect(read.problems.join('\n')).toMatch(/t\.samples: the record at byte \d+ ends before/);
        flagged += 1;
      }
      expect([...copy.select({ metric: 'llm_ttft_ms', tags: {} }).values]).toEqual(
        Array.from({ length: ttft }, (_, i) => i),
      );
      if (size === whole - 1) previous = ttft;
      expect(ttft).toBeLessThanOrEqual(previous);
      previous = ttft;
      seen.add(ttft);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 4, 8, 12]);
    expect(flagged).toBeGreaterThan(cuts * 0.9);
  });

  it('says so when a record fails its CRC, and keeps the records before it', () => {
    const path = join(dir, 'c.samples');
    const store = new MetricStore();
    const writer = SamplesFileWriter.create(path, DESCRIPTION, { maxPointsPerRecord: 4 });
    for (let i = 0; i < 8; i += 1) recordSample(store, fakeSample({ ttftMs: i }), 0);
    writer.flush(store);
    writer.close();
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const { store: copy, read } = readBack(path);
    expect(read.problems.join('\n')).toMatch(/fails its CRC/);
    expect(copy.count({ metric: 'llm_ttft_ms', tags: {} })).toBe(8);
  });

  it('refuses a file that is not a samples file, with its name', () => {
    const path = join(dir, 'x.samples');
    writeFileSync(path, '{"format":"scenario-part"}');
    expect(readBack(path).read.problems).toEqual([
      'x.samples: not a samples file (its first bytes are not LLMSMPL1)',
    ]);
    truncateSync(path, 0);
    expect(readBack(path).read.problems).toHaveLength(1);
  });
});
