import { createParser } from 'eventsource-parser';
import { Bench, type Task } from 'tinybench';
import { ResponseMeter } from '../../helpers/client/response-meter.js';
import { MetricStore } from '../../helpers/metrics/metric-store.js';
import { recordSample } from '../../helpers/metrics/record-sample.js';
import { sortFloat64 } from '../../helpers/metrics/sorted-float64-array.js';
import { computeStatistics } from '../../helpers/metrics/statistics.js';
import type { BenchCase, BenchRow, CaseReport, JsonValue } from '../bench-case.js';
import { formatFigure } from '../format-bench-table.js';
import { syntheticSample } from '../measure-metric-memory.js';
import { prebuiltStream, prebuiltStreamEvents } from '../prebuilt-responses.js';
import { SeparatorCounter } from '../separator-counter.js';

const STREAM_TOKENS = 1000;
const CHUNK_BYTES = 16 * 1024;
const STATS_VALUES = 1_000_000;
const SSE_HEADERS = { 'content-type': 'text/event-stream' };

/** A 1000-token stream in the simulator's format, cut into 16 KiB chunks (socket reads). */
function streamChunks(): Buffer[] {
  const bytes = Buffer.from(prebuiltStream('bench-model', STREAM_TOKENS), 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    chunks.push(bytes.subarray(at, Math.min(at + CHUNK_BYTES, bytes.length)));
  }
  return chunks;
}

/** The same stream with one event per chunk, as socket reads deliver a paced stream. */
function eventChunks(): Buffer[] {
  return prebuiltStream('bench-model', STREAM_TOKENS)
    .split(/(?<=\n\n)/)
    .map((event) => Buffer.from(event, 'utf8'));
}

/** Feeds one whole stream through a fresh ResponseMeter, as the client does per request. */
function meterStream(chunks: readonly Buffer[], fastPath: boolean): void {
  const meter = new ResponseMeter({
    t0Ms: 0,
    startEpochMs: 0,
    scenario: 'micro',
    prompt: 'short',
    model: 'bench-model',
    stream: true,
    keepText: false,
    maxBufferedBytes: 8 * 1024 * 1024,
    redact: (text) => text,
    fastPath,
  });
  meter.onHeaders(0, 200, SSE_HEADERS);
  let atMs = 0;
  for (const chunk of chunks) meter.onChunk(++atMs, chunk);
  meter.onEnd(++atMs);
  if (meter.sample().outputEvents !== STREAM_TOKENS) throw new Error('meter lost events');
}

/** What a naive client does per event: eventsource-parser, then JSON.parse of every data. */
function naiveStream(chunks: readonly Buffer[]): void {
  let events = 0;
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent(event) {
      if (event.data !== '[DONE]') JSON.parse(event.data);
      events++;
    },
  });
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  if (events !== prebuiltStreamEvents(STREAM_TOKENS)) throw new Error('parser lost events');
}

/** One tinybench task and how many units (events, values) one iteration handles. */
interface MicroTask {
  name: string;
  /** What one unit is, for the per-unit figure. */
  unit: 'event' | 'value' | 'op';
  unitsPerIteration: number;
  fn: () => void;
}

/**
 * Micro benchmarks with tinybench: the client's SSE path per event beside a JSON.parse
 * path and a naive parser, the bare loop's separator count, recording, and statistics over
 * 1M values.
 */
export const microCase: BenchCase = {
  name: 'micro',
  title: 'tinybench: per-event SSE cost, recording, statistics over 1M values',
  async run({ mode, log }): Promise<CaseReport> {
    const quick = mode === 'quick';
    const chunks = streamChunks();
    const single = eventChunks();
    const events = prebuiltStreamEvents(STREAM_TOKENS);
    const stream = syntheticSample(0);
    const valuesPerStreamSample = countValues(stream);
    const unsorted = Float64Array.from({ length: STATS_VALUES }, (_, i) => (i * 7919) % 100_003);
    const sorted = sortFloat64(unsorted.slice());
    let store = new MetricStore();
    let recorded = 0;

    const tasks: MicroTask[] = [
      {
        name: 'client meter: SSE + delta template, 16 KiB chunks',
        unit: 'event',
        unitsPerIteration: events,
        fn: () => meterStream(chunks, true),
      },
      {
        name: 'client meter, one event per chunk (a paced stream)',
        unit: 'event',
        unitsPerIteration: events,
        fn: () => meterStream(single, true),
      },
      {
        name: 'client meter: SSE + JSON.parse per event (fastPath off)',
        unit: 'event',
        unitsPerIteration: events,
        fn: () => meterStream(chunks, false),
      },
      {
        name: 'naive: TextDecoder + eventsource-parser + JSON.parse',
        unit: 'event',
        unitsPerIteration: events,
        fn: () => naiveStream(chunks),
      },
      {
        name: 'bare loop: count \\n\\n separators',
        unit: 'event',
        unitsPerIteration: events,
        fn: () => {
          const counter = new SeparatorCounter();
          for (const chunk of chunks) counter.push(chunk);
          if (counter.separators !== events) throw new Error('counter lost events');
        },
      },
      {
        name: 'recordSample: 32-token stream sample',
        unit: 'value',
        unitsPerIteration: valuesPerStreamSample,
        fn: () => {
          // A fresh store now and then, so the figure is not one huge store's growth.
          if (++recorded % 100_000 === 0) store = new MetricStore();
          recordSample(store, stream, 0.1);
        },
      },
      {
        name: 'computeStatistics over 1M sorted values',
        unit: 'op',
        unitsPerIteration: 1,
        fn: () => {
          computeStatistics(sorted);
        },
      },
      {
        name: 'sort 1M values + computeStatistics',
        unit: 'op',
        unitsPerIteration: 1,
        fn: () => {
          computeStatistics(sortFloat64(unsorted.slice()));
        },
      },
    ];

    const bench = new Bench({
      time: quick ? 100 : 1000,
      warmupTime: quick ? 20 : 250,
      iterations: quick ? 5 : 20,
      throws: true,
    });
    for (const task of tasks) bench.add(task.name, task.fn);
    log(`micro: ${tasks.length} tinybench tasks`);
    await bench.run();

    const figures: { [key: string]: JsonValue } = {
      streamEvents: events,
      chunkBytes: CHUNK_BYTES,
      statisticsValues: STATS_VALUES,
    };
    const rows: BenchRow[] = [];
    const results: JsonValue[] = [];
    for (const task of tasks) {
      const run = bench.getTask(task.name);
      const figure = taskFigure(run, task);
      results.push(figure.json);
      rows.push({ label: task.name, value: figure.text });
    }
    figures.tasks = results;
    return { figures, rows, goals: [], notes: [] };
  },
};

function taskFigure(run: Task | undefined, task: MicroTask): { json: JsonValue; text: string } {
  const result = run?.result;
  if (
    result === undefined ||
    (result.state !== 'completed' && result.state !== 'aborted-with-statistics')
  ) {
    throw new Error(
      `tinybench task "${task.name}" did not complete (${result?.state ?? 'missing'})`,
    );
  }
  const meanMs = result.latency.mean;
  const perUnitNs = (meanMs * 1e6) / task.unitsPerIteration;
  const text =
    task.unit === 'op'
      ? `${formatFigure(meanMs)} ms per op (± ${result.latency.rme.toFixed(1)} %)`
      : `${formatFigure(perUnitNs)} ns per ${task.unit} (± ${result.latency.rme.toFixed(1)} %)`;
  return {
    json: {
      name: task.name,
      unit: task.unit,
      unitsPerIteration: task.unitsPerIteration,
      meanMsPerIteration: meanMs,
      p99MsPerIteration: result.latency.p99,
      nsPerUnit: perUnitNs,
      rmePct: result.latency.rme,
      samples: result.latency.samplesCount,
    },
    text,
  };
}

/** Values recordSample writes for a sample: one per non-null figure and per gap, plus 2. */
function countValues(sample: ReturnType<typeof syntheticSample>): number {
  const store = new MetricStore();
  recordSample(store, sample, 0.1);
  return store.pointCount;
}
