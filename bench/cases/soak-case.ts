import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSample } from '../../helpers/metrics/fake-sample.js';
import { MetricStore } from '../../helpers/metrics/metric-store.js';
import { recordSample } from '../../helpers/metrics/record-sample.js';
import { readRunSamples } from '../../helpers/report/read-run-samples.js';
import { readScenarioParts } from '../../helpers/report/read-scenario-parts.js';
import { collectRunResults } from '../../helpers/report/run-results.js';
import { syntheticPart } from '../../helpers/report/testing/synthetic-part.js';
import { writeRunResults } from '../../helpers/report/write-run-results.js';
import { SamplesFileWriter } from '../../helpers/samples-file/samples-file-writer.js';
import {
  PARTS_DIR_NAME,
  samplesFileName,
  writeScenarioPart,
} from '../../helpers/scenario/scenario-part.js';
import type { BenchCase, CaseReport } from '../bench-case.js';
import { formatFigure } from '../format-bench-table.js';
import { checkGoal } from '../goal-check.js';

const RATE_PER_SEC = 100;
const TOKENS_PER_STREAM = 256;
/** Peak RSS allowed for the whole soak in one process (worker side, then reporter side). */
const PEAK_RSS_GOAL_MIB = 1024;

/**
 * A 1-hour soak's volume through the real path, without the network: 100 requests/s of
 * 256-token streams (255 inter-token gaps each) recorded with recordSample, the samples file
 * flushed once per second of the run, then the reporter's path (read the parts and samples,
 * write summary.json, samples.ndjson, report.html). Reports time and peak RSS.
 */
export const soakCase: BenchCase = {
  name: 'soak',
  title: '1-hour soak volume (360 k streams, 92 M gaps) through the samples file and the reporter',
  async run({ mode, log }): Promise<CaseReport> {
    const seconds = mode === 'quick' ? 60 : 3600;
    const requests = seconds * RATE_PER_SEC;
    const dir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
    try {
      log(
        `soak: ${formatFigure(requests)} requests (${seconds} s at ${RATE_PER_SEC}/s) into ${dir}`,
      );
      const t0 = performance.now();
      const written = writeWorkerSide(dir, requests);
      const writeMs = performance.now() - t0;
      const workerPeakMiB = process.resourceUsage().maxRSS / 1024;
      log(
        `soak: worker side ${(writeMs / 1000).toFixed(1)} s, peak RSS ${workerPeakMiB.toFixed(0)} MiB`,
      );

      const t1 = performance.now();
      const read = readScenarioParts(dir);
      const samples = readRunSamples(dir, read.items);
      const results = collectRunResults(read.items, { config: null, store: samples.store });
      const files = writeRunResults(results, { resultsDir: dir, secrets: [] });
      const reportMs = performance.now() - t1;
      const peakMiB = process.resourceUsage().maxRSS / 1024;
      const problems = [...read.problems, ...samples.problems, ...files.problems];
      const size = (name: string) => statSync(join(dir, name)).size / 1024 / 1024;
      const figures = {
        seconds,
        requests,
        itlGaps: written.gaps,
        points: written.points,
        samplesFileMiB: written.bytes / 1024 / 1024,
        samplesNdjsonMiB: size('samples.ndjson'),
        summaryJsonMiB: size('summary.json'),
        reportHtmlMiB: size('report.html'),
        workerSideMs: writeMs,
        reporterSideMs: reportMs,
        workerSidePeakRssMiB: workerPeakMiB,
        peakRssMiB: peakMiB,
        problems,
      };
      return {
        figures,
        rows: [
          {
            label: `${formatFigure(requests)} requests, ${formatFigure(written.gaps)} gaps`,
            value: `${formatFigure(written.points)} points recorded`,
          },
          {
            label: 'worker side: record + flush each second',
            value: `${(writeMs / 1000).toFixed(1)} s, samples file ${figures.samplesFileMiB.toFixed(0)} MiB, peak RSS ${workerPeakMiB.toFixed(0)} MiB`,
          },
          {
            label: 'reporter side: read + summary, ndjson, html',
            value: `${(reportMs / 1000).toFixed(1)} s, ndjson ${figures.samplesNdjsonMiB.toFixed(0)} MiB`,
          },
          { label: 'peak RSS (whole case)', value: `${peakMiB.toFixed(0)} MiB` },
        ],
        goals: [
          checkGoal({
            id: 'soak.peak-rss',
            description: 'peak RSS of the soak volume (one process, both sides)',
            actual: peakMiB,
            op: '<=',
            limit: PEAK_RSS_GOAL_MIB,
            unit: 'MiB',
          }),
          checkGoal({
            id: 'soak.problems',
            description: 'problems reading or writing the results',
            actual: problems.length,
            op: '<=',
            limit: 0,
            unit: '',
          }),
        ],
        notes: problems,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Records `requests` streams as a load worker does and flushes the samples file every second. */
function writeWorkerSide(
  dir: string,
  requests: number,
): { gaps: number; points: number; bytes: number } {
  const startedEpochMs = Date.now();
  const part = syntheticPart({ startedEpochMs, requests, ratePerSec: RATE_PER_SEC });
  const samplesFile = samplesFileName(part.scenario, part.prompt);
  writeScenarioPart(dir, { ...part, samplesFile });
  const store = new MetricStore();
  const writer = SamplesFileWriter.create(join(dir, PARTS_DIR_NAME, samplesFile), {
    scenario: part.scenario,
    prompt: part.prompt,
  });
  const itlMs = new Array<number>(TOKENS_PER_STREAM - 1).fill(0);
  let seed = 12345;
  const random = (): number => {
    // A small LCG: deterministic, and varied enough to spread the histogram's buckets.
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let gaps = 0;
  for (let i = 0; i < requests; i += 1) {
    for (let g = 0; g < itlMs.length; g += 1)
      itlMs[g] = 15 + random() * 20 + (random() < 0.01 ? 200 : 0);
    gaps += itlMs.length;
    const ttftMs = 80 + random() * 400;
    const totalMs = ttftMs + 255 * 25;
    recordSample(
      store,
      fakeSample({
        startEpochMs: startedEpochMs + (i * 1000) / RATE_PER_SEC,
        ttftMs,
        ttfcMs: ttftMs,
        totalMs,
        receivingMs: totalMs - 30,
        outputTokens: TOKENS_PER_STREAM,
        tokensPerSec: TOKENS_PER_STREAM / (totalMs / 1000),
        tpotMs: (totalMs - ttftMs) / 255,
        decodeTokensPerSec: 255_000 / (totalMs - ttftMs),
        itlMs,
        stallMs: Math.max(...itlMs),
        outputEvents: TOKENS_PER_STREAM,
      }),
      random(),
    );
    if (i % RATE_PER_SEC === RATE_PER_SEC - 1) writer.flush(store);
  }
  writer.end(store, 'done');
  writer.close();
  return { gaps, points: store.pointCount, bytes: writer.bytesWritten };
}
