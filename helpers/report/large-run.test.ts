import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { SamplesFileWriter } from '../samples-file/samples-file-writer.js';
import { PARTS_DIR_NAME, samplesFileName, writeScenarioPart } from '../scenario/scenario-part.js';
import { readRunSamples } from './read-run-samples.js';
import { readScenarioParts } from './read-scenario-parts.js';
import { collectRunResults } from './run-results.js';
import { syntheticPart } from './testing/synthetic-part.js';
import { writeRunResults } from './write-run-results.js';

const ASSETS = { js: 'window.uPlot = function () {};', css: '' };
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-large-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a scenario with more than 25 million points', () => {
  // The issue's case: 30 streams/s of 100,000 events for 10 s failed with "RangeError: Invalid
  // string length" when the part was serialised, and lost everything.
  it('goes through the samples file and the reporter, and every result file is written', () => {
    const streams = 260;
    const gapsPerStream = 100_000;
    const startedEpochMs = 1_795_000_000_000;
    const part = syntheticPart({ startedEpochMs, requests: streams, ratePerSec: 26 });
    const samplesFile = samplesFileName(part.scenario, part.prompt);
    writeScenarioPart(dir, { ...part, samplesFile });
    const store = new MetricStore();
    const writer = SamplesFileWriter.create(join(dir, PARTS_DIR_NAME, samplesFile), {
      scenario: part.scenario,
    });
    const itlMs = Array.from({ length: gapsPerStream }, (_, i) => 5 + (i % 100) / 10);
    for (let i = 0; i < streams; i += 1) {
      itlMs[0] = 1 + i; // a different gap per stream, so min and max are known
      recordSample(
        store,
        fakeSample({ startEpochMs: startedEpochMs + i * 38, ttftMs: 100 + i, itlMs }),
        0,
      );
      if (i % 26 === 25) writer.flush(store); // about once a second of the run
    }
    writer.end(store, 'done');
    writer.close();
    expect(store.pointCount).toBeGreaterThan(26_000_000);

    const read = readScenarioParts(dir);
    const samples = readRunSamples(dir, read.items);
    expect(samples.problems).toEqual([]);
    expect(samples.store.pointCount).toBe(store.pointCount);
    const results = collectRunResults(read.items, { config: null, store: samples.store });
    const written = writeRunResults(results, { resultsDir: dir, secrets: [], assets: ASSETS });

    expect(written.problems).toEqual([]);
    for (const name of ['summary.json', 'samples.ndjson', 'report.html']) {
      expect(existsSync(join(dir, name)), name).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.metrics.llm_itl_ms).toMatchObject({
      count: streams * gapsPerStream,
      min: 1,
      max: streams,
    });
    expect(summary.metrics['llm_ttft_ms{scenario:chat_stream,prompt:short}']).toMatchObject({
      count: streams,
      min: 100,
      max: 100 + streams - 1,
    });
    expect(summary.suite.scenarios[0]).toMatchObject({ state: 'done', requests: streams });
    // Per-request points only: a few lines per request, not one per gap.
    expect(statSync(join(dir, 'samples.ndjson')).size).toBeLessThan(streams * 20 * 400);
  });
});
