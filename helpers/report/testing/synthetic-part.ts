import { join } from 'node:path';
import { constantArrivalRate } from '../../load/arrival-schedule.js';
import { fakeSample } from '../../metrics/fake-sample.js';
import { MetricStore } from '../../metrics/metric-store.js';
import { recordDroppedIteration, recordSample } from '../../metrics/record-sample.js';
import { SamplesFileWriter } from '../../samples-file/samples-file-writer.js';
import type { ScenarioName } from '../../scenario/scenario-name.js';
import {
  PARTS_DIR_NAME,
  type ScenarioPart,
  samplesFileName,
  writeScenarioPart,
} from '../../scenario/scenario-part.js';

/** What `syntheticStore` and `syntheticPart` make; every field has a default. */
export interface SyntheticRunOptions {
  scenario?: ScenarioName;
  prompt?: string;
  /** Scenario start, epoch ms; default 1 795 000 000 000. */
  startedEpochMs?: number;
  /** Requests made; default 60. */
  requests?: number;
  /** Arrival rate, requests/s; default 2. */
  ratePerSec?: number;
  /** Every n-th request fails with 503 (0: none); default 10. */
  failEvery?: number;
  /** A dropped iteration every n-th arrival (0: none); default 15. */
  dropEvery?: number;
  /** Model tag; default `test-model`. */
  model?: string;
  /** Part state; default done. */
  state?: ScenarioPart['state'];
}

/**
 * A deterministic store for report tests: requests at an even rate with varied latencies
 * (TTFT 100-499 ms, total TTFT + 500-799 ms), 4 output gaps each, some 503s and some drops.
 */
export function syntheticStore(options: SyntheticRunOptions = {}): MetricStore {
  const store = new MetricStore();
  const scenario = options.scenario ?? 'chat_stream';
  const prompt = options.prompt ?? 'short';
  const start = options.startedEpochMs ?? 1_795_000_000_000;
  const gapMs = 1000 / (options.ratePerSec ?? 2);
  const failEvery = options.failEvery ?? 10;
  const dropEvery = options.dropEvery ?? 15;
  const stream = scenario === 'chat_stream' ? 'true' : 'false';
  const tags = { scenario, prompt, model: options.model ?? 'test-model', stream } as const;
  for (let i = 0; i < (options.requests ?? 60); i += 1) {
    const startEpochMs = start + i * gapMs + 0.25;
    if (dropEvery > 0 && i % dropEvery === dropEvery - 1) {
      recordDroppedIteration(store, { scenario, prompt }, startEpochMs);
    }
    if (failEvery > 0 && i % failEvery === failEvery - 1) {
      const sample = fakeSample({
        startEpochMs,
        outcome: { kind: 'http-error', status: 503, message: 'overloaded' },
        tags: { ...tags, status: '503' },
        ttfbMs: 15,
        ttftMs: null,
        ttfcMs: null,
        receivingMs: 5,
        totalMs: 20,
        outputTokens: null,
        tokenSource: null,
        inputTokens: null,
        tokensPerSec: null,
        tpotMs: null,
        decodeTokensPerSec: null,
        itlMs: [],
        stallMs: null,
        outputEvents: 0,
      });
      recordSample(store, sample, 0.5);
      continue;
    }
    const ttftMs = 100 + ((i * 37) % 400);
    const totalMs = ttftMs + 500 + ((i * 53) % 300);
    const itlMs = [20, 25, 30, 35].map((ms) => ms + (i % 7));
    recordSample(
      store,
      fakeSample({
        startEpochMs,
        tags,
        ttfbMs: ttftMs - 40,
        ttftMs,
        ttfcMs: ttftMs + 5,
        receivingMs: totalMs - ttftMs + 40,
        totalMs,
        queueMs: ttftMs / 2,
        outputTokens: 50,
        tokensPerSec: 50 / (totalMs / 1000),
        tpotMs: (totalMs - ttftMs) / 49,
        decodeTokensPerSec: 49000 / (totalMs - ttftMs),
        itlMs,
        stallMs: Math.max(...itlMs),
      }),
      (i % 5) * 0.3,
    );
  }
  return store;
}

/**
 * A finished scenario part with a constant-rate schedule; its samples are
 * `syntheticStore(options)` (pass them as `collectRunResults`' store, or use `writeSyntheticPart`).
 */
export function syntheticPart(options: SyntheticRunOptions = {}): ScenarioPart {
  const requests = options.requests ?? 60;
  const ratePerSec = options.ratePerSec ?? 2;
  const startedEpochMs = options.startedEpochMs ?? 1_795_000_000_000;
  const durationMs = (requests / ratePerSec) * 1000;
  const dropEvery = options.dropEvery ?? 15;
  const dropped = dropEvery > 0 ? Math.floor(requests / dropEvery) : 0;
  return {
    format: 'scenario-part',
    version: 1,
    scenario: options.scenario ?? 'chat_stream',
    prompt: options.prompt ?? 'short',
    state: options.state ?? 'done',
    model: options.model ?? 'test-model',
    baseUrl: 'http://127.0.0.1:8000',
    simulated: true,
    targetRatePerSec: ratePerSec,
    schedule: constantArrivalRate(ratePerSec, durationMs),
    arrivalPattern: 'even',
    maxVus: 50,
    startedEpochMs,
    updatedEpochMs: startedEpochMs + durationMs + 2000,
    progress: null,
    arrivals: {
      scheduled: requests + dropped,
      started: requests,
      dropped,
      completed: requests,
      aborted: 0,
      iterateErrors: 0,
      gracefulStopExpired: false,
      peakInFlight: 4,
      scheduleDurationMs: durationMs,
      durationMs: durationMs + 1500,
      achievedRatePerSec: requests / (durationMs / 1000),
      end: { kind: 'completed' },
    },
    samplesFile: null,
    slaResults: [],
    baseline: null,
  };
}

/** The synthetic samples of several parts in one store, as `readRunSamples` would merge them. */
export function syntheticStores(options: readonly SyntheticRunOptions[]): MetricStore {
  const store = new MetricStore();
  for (const o of options) store.merge(syntheticStore(o));
  return store;
}

/**
 * Writes a synthetic part into `resultsDir` as a worker does: its samples file (through the
 * real writer) and its part file naming it. Returns the part.
 */
export function writeSyntheticPart(
  resultsDir: string,
  options: SyntheticRunOptions = {},
): ScenarioPart {
  const part = syntheticPart(options);
  const samplesFile = samplesFileName(part.scenario, part.prompt);
  // The part file first: it creates the parts folder.
  writeScenarioPart(resultsDir, { ...part, samplesFile });
  const writer = SamplesFileWriter.create(join(resultsDir, PARTS_DIR_NAME, samplesFile), {
    scenario: part.scenario,
    prompt: part.prompt,
  });
  const store = syntheticStore(options);
  if (part.state === 'running') writer.flush(store);
  else writer.end(store, part.state);
  writer.close();
  return { ...part, samplesFile };
}
